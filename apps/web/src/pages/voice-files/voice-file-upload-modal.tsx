import { UploadOutlined } from '@ant-design/icons';
import { VOICE_FILE_USAGES, type VoiceFileUsage } from '@hujiao/shared';
import { Alert, App, Button, Form, Input, Modal, Select, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useUploadVoiceFile } from '../../api/voice-files.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  usage: VoiceFileUsage;
}

/** 上传语音文件: name, usage and one WAV or MP3 file. */
export function VoiceFileUploadModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState(false);
  const upload = useUploadVoiceFile();

  const submit = async () => {
    const values = await form.validateFields();
    if (!file) {
      setFileError(true);
      return;
    }
    try {
      await upload.mutateAsync({ ...values, file });
      void message.success(t('voiceFile.uploaded'));
      setFile(null);
      form.resetFields();
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Modal
      title={t('voiceFile.upload')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={upload.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('voiceFile.uploadHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" initialValues={{ usage: 'ivr' }}>
        <Form.Item name="name" label={t('voiceFile.name')} rules={[{ required: true, whitespace: true, max: 60 }]}>
          <Input maxLength={60} data-testid="voice-file-name" />
        </Form.Item>
        <Form.Item name="usage" label={t('voiceFile.usage')} rules={[{ required: true }]}>
          <Select
            data-testid="voice-file-usage"
            options={VOICE_FILE_USAGES.map((u) => ({ value: u, label: t(`voiceFile.usages.${u}`) }))}
          />
        </Form.Item>
        <Form.Item
          label={t('voiceFile.chooseFile')}
          required
          validateStatus={fileError ? 'error' : undefined}
          help={fileError ? t('voiceFile.fileRequired') : undefined}
        >
          <Upload
            accept=".wav,.mp3,audio/wav,audio/mpeg"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              setFileError(false);
              if (!form.getFieldValue('name')) form.setFieldValue('name', f.name.replace(/\.[^.]+$/, '').slice(0, 60));
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <Button icon={<UploadOutlined />} data-testid="voice-file-choose">
              {t('voiceFile.chooseFile')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Modal>
  );
}
