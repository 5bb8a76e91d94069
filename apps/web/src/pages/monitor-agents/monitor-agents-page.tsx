import type { MonitoredAgent, SupervisionAction } from '@hujiao/shared';
import { Button, Card, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useTranslation } from 'react-i18next';
import { useMonitoredAgents, useSupervise } from '../../api/supervision.ts';
import { AGENT_STATE_COLORS } from '../../layout/agent-bar.tsx';
import { useMutationFeedback } from '../../utils/use-api-error.ts';
import { useElapsed } from '../../utils/use-elapsed.ts';
import { QueueBoard } from './queue-board.tsx';

function Since({ since }: { since: string | null }) {
  const elapsed = useElapsed(since);
  return <span>{since ? elapsed : '-'}</span>;
}

/**
 * 坐席监控: the agents a team leader (their teams) or an administrator (all) may act on, each with state, reason,
 * time in state and call, pushed live; 监听 / 密语 / 强插 with the supervisor's own phone, 强拆, and 强制示闲 /
 * 示忙 / 签出.
 */
export function MonitorAgentsPage() {
  const { t } = useTranslation();
  const { data: agents = [] } = useMonitoredAgents();
  const supervise = useSupervise();
  const feedback = useMutationFeedback();
  const act = (agent: MonitoredAgent, action: SupervisionAction, done: string) =>
    supervise.mutate({ agentId: agent.agentId, action }, feedback(done));
  const busy = (id: string) => supervise.isPending && supervise.variables?.agentId === id;

  const columns: ColumnsType<MonitoredAgent> = [
    { title: t('monitor.agentNo'), dataIndex: 'agentNo', width: 90 },
    { title: t('monitor.name'), dataIndex: 'name', width: 120, ellipsis: true },
    {
      title: t('monitor.state'),
      width: 170,
      render: (_, a) => (
        <Space size={4}>
          <Tag color={AGENT_STATE_COLORS[a.state]} data-testid={`monitor-state-${a.agentNo}`}>
            {t(`agent.states.${a.state}`)}
          </Tag>
          <Since since={a.since} />
        </Space>
      ),
    },
    { title: t('monitor.reason'), dataIndex: 'reason', width: 110, ellipsis: true, render: (r) => r ?? '-' },
    {
      title: t('monitor.call'),
      width: 220,
      render: (_, a) =>
        a.call ? (
          <Space size={4} data-testid={`monitor-call-${a.agentNo}`}>
            <Typography.Text strong>{a.call.number}</Typography.Text>
            <Tag>{t(`agent.call.states.${a.call.state}`)}</Tag>
            {a.call.answeredAt && <Since since={a.call.answeredAt} />}
          </Space>
        ) : (
          '-'
        ),
    },
    {
      title: t('common.actions'),
      render: (_, a) => (
        <Space size={4} wrap>
          {(['listen', 'whisper', 'barge'] as const).map((mode) => (
            <Button
              key={mode}
              size="small"
              disabled={!a.call || busy(a.agentId)}
              onClick={() => act(a, { action: mode }, t(`monitor.done.${mode}`))}
              data-testid={`monitor-${mode}-${a.agentNo}`}
            >
              {t(`monitor.actions.${mode}`)}
            </Button>
          ))}
          <Popconfirm
            title={t('monitor.hangupConfirm', { name: a.name })}
            onConfirm={() => act(a, { action: 'hangup' }, t('monitor.done.hangup'))}
            disabled={!a.call}
          >
            <Button size="small" danger disabled={!a.call} data-testid={`monitor-hangup-${a.agentNo}`}>
              {t('monitor.actions.hangup')}
            </Button>
          </Popconfirm>
          {(
            [
              ['ready', 'ready', { action: 'ready' }],
              ['busy', 'busy', { action: 'busy', reason: t('monitor.forcedBusy') }],
              ['signOut', 'logged-out', { action: 'signOut' }],
            ] as const
          ).map(([key, already, action]) => (
            <Button
              key={key}
              size="small"
              disabled={a.state === already || busy(a.agentId)}
              onClick={() => act(a, action, t('monitor.done.state'))}
              data-testid={`monitor-${key.toLowerCase()}-${a.agentNo}`}
            >
              {t(`monitor.actions.${key}`)}
            </Button>
          ))}
        </Space>
      ),
    },
  ];
  return (
    <>
      <QueueBoard />
      <Card
        title={t('menu.monitorAgents')}
        extra={<Typography.Text type="secondary">{t('monitor.help')}</Typography.Text>}
      >
        <Table
          rowKey="agentId"
          size="small"
          columns={columns}
          dataSource={agents}
          pagination={false}
          scroll={{ x: 1000 }}
          data-testid="monitor-agents"
          locale={{ emptyText: t('monitor.empty') }}
        />
      </Card>
    </>
  );
}
