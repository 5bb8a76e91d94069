import { UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Space, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { NUMBER_LIST_TEMPLATE_URL, useImportNumberList } from '../../api/pbx.ts';

/** Import from CSV/XLSX: all rows or none; the wrong rows are listed with their line numbers. */
export function NumberListImport({
  list,
  open,
  onClose,
}: {
  list: 'black' | 'red';
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const run = useImportNumberList();
  const [problems, setProblems] = useState<{ message: string; lines: Array<{ path: string; message: string }> } | null>(
    null,
  );
  const close = () => {
    setProblems(null);
    onClose();
  };
  const upload = async (file: File) => {
    setProblems(null);
    try {
      const res = await run.mutateAsync({ list, file });
      void message.success(t('numberList.imported', { count: res.created }));
      close();
    } catch (err) {
      if (err instanceof ApiError) setProblems({ message: err.message, lines: err.details });
      else void message.error(String(err));
    }
  };
  return (
    <Modal
      title={t('numberList.importTitle', { list: t(`numberList.lists.${list}`) })}
      open={open}
      onCancel={close}
      footer={<Button onClick={close}>{t('common.cancel')}</Button>}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <div>{t('numberList.importHint')}</div>
        <a href={NUMBER_LIST_TEMPLATE_URL} download>
          {t('numberList.template')}
        </a>
        <Upload
          accept=".csv,.txt,.xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} loading={run.isPending} data-testid="number-list-upload">
            {t('numberList.chooseFile')}
          </Button>
        </Upload>
        {problems && (
          <Alert
            type="error"
            showIcon
            message={problems.message}
            description={
              <ul style={{ maxHeight: 240, overflow: 'auto', margin: 0, paddingInlineStart: 18 }}>
                {problems.lines.map((l) => (
                  <li key={`${l.path}-${l.message}`}>{t('numberList.line', { line: l.path, message: l.message })}</li>
                ))}
              </ul>
            }
          />
        )}
      </Space>
    </Modal>
  );
}
