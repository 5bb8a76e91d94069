import { MessageOutlined } from '@ant-design/icons';
import { Badge, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useVoicemailUnread } from '../api/voicemail.ts';

/** The header's new-voicemail count (the user's own boxes; every box for voicemail:manage). */
export function VoicemailBadge({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const unread = useVoicemailUnread(enabled);
  if (!enabled) return null;
  const count = unread.data?.all ?? unread.data?.mine ?? 0;
  return (
    <Badge count={count} size="small" offset={[-4, 4]}>
      <Button
        type="text"
        icon={<MessageOutlined />}
        onClick={() => navigate('/voicemail')}
        aria-label={t('voicemail.headerNew', { count })}
        data-testid="header-voicemail"
      >
        {t('menu.voicemail')}
      </Button>
    </Badge>
  );
}
