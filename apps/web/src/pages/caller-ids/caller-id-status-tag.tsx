import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<string, string> = { unverified: 'orange', verifying: 'blue', verified: 'green', rejected: 'red' };

export function CallerIdStatusTag({ status, comment }: { status: string; comment?: string | null }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} title={comment ?? undefined}>
      {t(`callerId.statuses.${status}`)}
    </Tag>
  );
}
