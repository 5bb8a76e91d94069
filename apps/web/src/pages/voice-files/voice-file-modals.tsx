import { DownloadOutlined } from '@ant-design/icons';
import type { VoiceFile } from '@hujiao/shared';
import { App, Button, Form, Input, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useReviewVoiceFile, voiceFileAudioUrl } from '../../api/voice-files.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { formatMs } from './voice-file-tags.tsx';

/** 试听: the converted file (what callers hear) in an <audio> player, with downloads. */
export function VoiceFilePlayerModal({ file, onClose }: { file: VoiceFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      title={file ? t('voiceFile.playerTitle', { name: file.name }) : ''}
      open={file !== null}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space wrap>
          {file && (
            <>
              <Button icon={<DownloadOutlined />} href={voiceFileAudioUrl(file.id, { download: true })} download>
                {t('voiceFile.download')}
              </Button>
              <Button href={voiceFileAudioUrl(file.id, { original: true, download: true })} download>
                {t('voiceFile.downloadOriginal')}
              </Button>
            </>
          )}
          <Button type="primary" onClick={onClose}>
            {t('common.confirm')}
          </Button>
        </Space>
      }
    >
      {file && (
        <>
          <Typography.Paragraph type="secondary">
            {formatMs(file.durationMs)} · {file.originalName} ({file.originalDescription})
          </Typography.Paragraph>
          {/* biome-ignore lint/a11y/useMediaCaption: voice prompts have no captions */}
          <audio
            controls
            autoPlay
            preload="auto"
            src={voiceFileAudioUrl(file.id)}
            style={{ width: '100%' }}
            data-testid="voice-file-audio"
          />
        </>
      )}
    </Modal>
  );
}

/** 审核: approve, or reject with a reason. */
export function VoiceFileReviewModal({ file, onClose }: { file: VoiceFile | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const review = useReviewVoiceFile();
  const decide = async (decision: 'approve' | 'reject') => {
    if (!file) return;
    const body = decision === 'approve' ? { decision } : { decision, reason: (await form.validateFields()).reason };
    try {
      await review.mutateAsync({ id: file.id, body });
      void message.success(t(decision === 'approve' ? 'voiceFile.approved' : 'voiceFile.rejected'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={file ? t('voiceFile.reviewTitle', { name: file.name }) : ''}
      open={file !== null}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button danger loading={review.isPending} onClick={() => void decide('reject').catch(() => undefined)}>
            {t('voiceFile.reject')}
          </Button>
          <Button
            type="primary"
            loading={review.isPending}
            onClick={() => void decide('approve')}
            data-testid="voice-file-approve"
          >
            {t('voiceFile.approve')}
          </Button>
        </Space>
      }
    >
      {file && (
        <>
          {/* biome-ignore lint/a11y/useMediaCaption: voice prompts have no captions */}
          <audio controls preload="auto" src={voiceFileAudioUrl(file.id)} style={{ width: '100%', marginBottom: 16 }} />
          <Form form={form} layout="vertical">
            <Form.Item
              name="reason"
              label={t('voiceFile.rejectReason')}
              rules={[{ required: true, whitespace: true, message: t('voiceFile.reasonRequired') }]}
            >
              <Input.TextArea maxLength={200} rows={2} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
