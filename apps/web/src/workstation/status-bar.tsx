import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAgentToday, useQueueWaiting } from '../api/agent.ts';
import { formatDuration } from '../utils/use-elapsed.ts';

/**
 * 状态条: today's answered in / out / missed calls and the last call (number and talk time), read again when a call
 * ends; the callers waiting in each of the agent's queues (工作组排队数), pushed.
 */
export function StatusBar() {
  const { t } = useTranslation();
  const today = useAgentToday(true);
  const { data: queues } = useQueueWaiting();
  const d = today.data;
  return (
    <Space size={12} wrap={false} data-testid="status-bar">
      {d && (
        <Typography.Text type="secondary" data-testid="status-today">
          {t('agent.status.today')} {t('agent.status.inbound')}{' '}
          <Typography.Text strong data-testid="status-inbound">
            {d.inbound}
          </Typography.Text>{' '}
          · {t('agent.status.outbound')}{' '}
          <Typography.Text strong data-testid="status-outbound">
            {d.outbound}
          </Typography.Text>{' '}
          · {t('agent.status.missed')}{' '}
          <Typography.Text strong type={d.missed > 0 ? 'danger' : undefined} data-testid="status-missed">
            {d.missed}
          </Typography.Text>
        </Typography.Text>
      )}
      {d?.lastCall && (
        <Typography.Text type="secondary" data-testid="status-last">
          {t('agent.status.last')} {d.lastCall.number} {formatDuration(d.lastCall.talkSec)}
        </Typography.Text>
      )}
      {queues.map((q) => (
        <Tooltip
          key={q.queueId}
          title={
            q.longestWaitSec !== null ? t('agent.status.longest', { wait: formatDuration(q.longestWaitSec) }) : null
          }
        >
          <Tag color={q.waiting > 0 ? 'orange' : 'default'} data-testid={`waiting-${q.queueId}`}>
            {t('agent.status.waiting', { name: q.name })} {q.waiting}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
