import type { SipSettings } from '@hujiao/shared';
import { Alert, Descriptions, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSipSettings } from '../../api/telephony.ts';

/** The softphone parameters shared by every extension, above the table. */
export function SipSettingsAlert() {
  const { t } = useTranslation();
  const { data } = useSipSettings();
  if (!data) return null;
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="sip-settings"
      title={t('extension.sipTitle')}
      description={
        <>
          <div>{t('extension.sipHint', { domain: data.domain, proxy: data.proxy })}</div>
          {data.transports.length > 0 && (
            <div>
              {t('extension.sipTransports')}: {data.transports.map((v) => v.toUpperCase()).join(' / ')}
            </div>
          )}
        </>
      }
    />
  );
}

export interface CreatedExtension {
  number: string;
  password: string;
}

interface Props {
  created: CreatedExtension | null;
  onClose: () => void;
}

function sipLine(t: (key: string, o: Record<string, string>) => string, c: CreatedExtension, s?: SipSettings) {
  return t('extension.sipLine', {
    username: c.number,
    password: c.password,
    domain: s?.domain ?? '-',
    proxy: s?.proxy ?? '-',
  });
}

/** Shown once after creating an extension: what to type into the softphone, password included. */
export function ExtensionCreatedModal({ created, onClose }: Props) {
  const { t } = useTranslation();
  const { data: settings } = useSipSettings(created !== null);
  return (
    <Modal
      title={created ? t('extension.createdTitle', { number: created.number }) : ''}
      open={created !== null}
      onCancel={onClose}
      onOk={onClose}
      okText={t('extension.done')}
      cancelButtonProps={{ style: { display: 'none' } }}
      destroyOnHidden
    >
      {created && (
        <div data-testid="sip-credentials">
          <Typography.Paragraph>{t('extension.createdHint')}</Typography.Paragraph>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('extension.sipUsername')}>
              <Typography.Text copyable data-testid="sip-username">
                {created.number}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('extension.password')}>
              <Typography.Text copyable code data-testid="sip-password">
                {created.password}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('extension.sipDomain')}>
              <Typography.Text copyable data-testid="sip-domain">
                {settings?.domain ?? '-'}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('extension.sipProxy')}>
              <Typography.Text copyable data-testid="sip-proxy">
                {settings?.proxy ?? '-'}
              </Typography.Text>
            </Descriptions.Item>
            {settings && settings.transports.length > 0 && (
              <Descriptions.Item label={t('extension.sipTransports')}>
                {settings.transports.map((v) => v.toUpperCase()).join(' / ')}
              </Descriptions.Item>
            )}
          </Descriptions>
          <Typography.Paragraph style={{ marginTop: 12 }}>
            <Typography.Text copyable={{ text: sipLine(t, created, settings) }} type="secondary">
              {sipLine(t, created, settings)}
            </Typography.Text>
          </Typography.Paragraph>
          <Alert type="warning" showIcon title={t('extension.passwordShownOnce')} />
        </div>
      )}
    </Modal>
  );
}
