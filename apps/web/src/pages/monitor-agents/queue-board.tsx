import type { MonitoredQueue } from '@hujiao/shared';
import { Card, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useMonitoredQueues } from '../../api/supervision.ts';
import { useElapsed } from '../../utils/use-elapsed.ts';

function Waited({ since }: { since: string }) {
  return <>{useElapsed(since)}</>;
}

const percent = (part: number, whole: number) => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '-');

/**
 * 技能组监控: every queue of the enterprise, pushed live — callers waiting (and ringing an agent) with their wait,
 * the members by state, and today's offered / answered / abandoned with the service level and abandon rate.
 */
export function QueueBoard() {
  const { t } = useTranslation();
  const { data: queues = [] } = useMonitoredQueues();
  const columns: ColumnsType<MonitoredQueue> = [
    { title: t('monitor.queue.name'), dataIndex: 'name', width: 120, ellipsis: true },
    {
      title: t('monitor.queue.callers'),
      width: 260,
      render: (_, q) =>
        q.callers.length === 0 ? (
          <Typography.Text type="secondary">0</Typography.Text>
        ) : (
          <Space size={4} wrap data-testid={`queue-callers-${q.name}`}>
            <Typography.Text strong>{q.callers.length}</Typography.Text>
            {q.callers.slice(0, 4).map((c) => (
              <Tag key={c.callId} color={c.ringing ? 'blue' : 'orange'}>
                {c.caller ?? '-'} <Waited since={c.since} />
              </Tag>
            ))}
          </Space>
        ),
    },
    {
      title: t('monitor.queue.agents'),
      width: 260,
      render: (_, q) => (
        <Space size={2} wrap>
          <Tag>{t('monitor.queue.signedIn', { n: q.agents.signedIn })}</Tag>
          <Tag color="green">{t('monitor.queue.ready', { n: q.agents.ready })}</Tag>
          <Tag color="red">{t('monitor.queue.onCall', { n: q.agents.onCall })}</Tag>
          <Tag color="orange">{t('monitor.queue.busy', { n: q.agents.busy })}</Tag>
          <Tag color="gold">{t('monitor.queue.wrapUp', { n: q.agents.wrapUp })}</Tag>
        </Space>
      ),
    },
    {
      title: t('monitor.queue.today'),
      render: (_, q) => (
        <span data-testid={`queue-today-${q.name}`}>
          {t('monitor.queue.todayFigures', {
            offered: q.today.offered,
            answered: q.today.answered,
            abandoned: q.today.abandoned,
            sl: percent(q.today.answeredInSl, q.today.answered),
            sec: q.today.serviceLevelSec,
            abandonRate: percent(q.today.abandoned, q.today.offered),
          })}
        </span>
      ),
    },
  ];
  return (
    <Card title={t('monitor.queue.title')} size="small" style={{ marginBottom: 12 }}>
      <Table
        rowKey="queueId"
        size="small"
        columns={columns}
        dataSource={queues}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="monitor-queues"
      />
    </Card>
  );
}
