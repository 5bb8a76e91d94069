import type { CallerIdView } from '@hujiao/shared';
import { App, Button, Input, Modal, Space, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStartVoiceVerification, useVerifyCallerIdCode } from '../../api/pbx.ts';
import { useApiError } from '../../utils/use-api-error.ts';

/** 语音审核: the system calls the number and reads six digits; the admin types them in here. */
export function VoiceVerification({ item, onClose }: { item: CallerIdView | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const start = useStartVoiceVerification();
  const verify = useVerifyCallerIdCode();
  const [called, setCalled] = useState(false);
  const [code, setCode] = useState('');
  useEffect(() => {
    setCalled(item?.status === 'verifying');
    setCode('');
  }, [item]);
  const call = async () => {
    if (!item) return;
    try {
      await start.mutateAsync({ id: item.id });
      setCalled(true);
      void message.success(t('callerId.calling', { number: item.number }));
    } catch (err) {
      onError(err);
    }
  };
  const submit = async () => {
    if (!item) return;
    try {
      await verify.mutateAsync({ id: item.id, body: { code } });
      void message.success(t('callerId.approved'));
      onClose();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <Modal
      title={t('callerId.voiceTitle', { number: item?.number ?? '' })}
      open={item !== null}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            disabled={!called || !/^\d{6}$/.test(code)}
            loading={verify.isPending}
            onClick={submit}
          >
            {t('common.confirm')}
          </Button>
        </Space>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary">{t('callerId.voiceHint')}</Typography.Paragraph>
        <Button onClick={call} loading={start.isPending}>
          {called ? t('callerId.callAgain') : t('callerId.callNow')}
        </Button>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          disabled={!called}
          inputMode="numeric"
          maxLength={6}
          aria-label={t('callerId.code')}
          placeholder={t('callerId.code')}
          style={{ width: 200 }}
        />
      </Space>
    </Modal>
  );
}
