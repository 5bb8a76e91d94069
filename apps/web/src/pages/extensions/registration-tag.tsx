import type { Extension } from '@hujiao/shared';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../i18n/antd-locale.ts';

/**
 * 在线 (green, with each contact's source, transport and user agent in a tooltip) or 离线 (grey).
 * data-testid `registration-status-<number>`, data-registered "true"/"false".
 */
export function RegistrationTag({ extension }: { extension: Extension }) {
  const { t } = useTranslation();
  const testId = `registration-status-${extension.number}`;
  if (!extension.registered) {
    return (
      <Tag color="default" data-testid={testId} data-registered="false">
        {t('extension.offline')}
      </Tag>
    );
  }
  const details = extension.contacts.map((c) => (
    <div key={`${c.uri}-${c.source}`} style={{ marginBottom: 4 }}>
      <div>{c.uri}</div>
      <div>
        {t('extension.contactSource')}: {c.source} ({c.transport.toUpperCase()})
      </div>
      {c.userAgent && (
        <div>
          {t('extension.contactUserAgent')}: {c.userAgent}
        </div>
      )}
      <div>
        {t('extension.contactExpires')}: {formatTime(c.expiresAt)}
      </div>
    </div>
  ));
  return (
    <Tooltip title={details.length > 0 ? details : undefined}>
      <Tag color="green" data-testid={testId} data-registered="true">
        {t('extension.online')}
        {extension.contacts.length > 1 ? ` ×${extension.contacts.length}` : ''}
      </Tag>
    </Tooltip>
  );
}
