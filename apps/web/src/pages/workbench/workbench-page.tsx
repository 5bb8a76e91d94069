import type { AgentDay } from '@hujiao/shared';
import { Card, List, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useAgentToday } from '../../api/agent.ts';
import { useDueAppointments } from '../../api/crm-activity.ts';
import { useVoicemailUnread } from '../../api/voicemail.ts';
import { formatTime } from '../../i18n/antd-locale.ts';
import { useCan } from '../../utils/use-can.ts';
import { formatDuration } from '../../utils/use-elapsed.ts';
import { DialButton } from '../../workstation/dial-button.tsx';

type Missed = AgentDay['missedCalls'][number];

/**
 * 我的工作台 (the agent's home): today's calls in / out / missed and the last call, the missed calls to call back,
 * the unheard voicemail and the appointments that are due. The counts follow the calls (read again when one ends).
 */
export function WorkbenchPage() {
  const { t } = useTranslation();
  const can = useCan();
  const today = useAgentToday(true);
  const voicemail = useVoicemailUnread();
  const due = useDueAppointments(can('followUp:view'));
  const d = today.data;
  const counts: Array<[string, number | undefined]> = [
    ['inbound', d?.inbound],
    ['outbound', d?.outbound],
    ['missed', d?.missed],
  ];
  // CSS grid (layout.css), not antd's Row: its gutter's negative margins overflow the page by half a gutter.
  return (
    <div className="workbench" data-testid="workbench">
      {counts.map(([key, value]) => (
        <Card key={key} size="small">
          <Statistic
            title={t(`workbench.${key}`)}
            value={value ?? '-'}
            valueStyle={key === 'missed' && (value ?? 0) > 0 ? { color: '#cf1322' } : undefined}
          />
        </Card>
      ))}
      <Card size="small">
        <Statistic
          title={<Link to="/voicemail">{t('workbench.voicemail')}</Link>}
          value={voicemail.data?.mine ?? '-'}
        />
      </Card>
      <Card
        size="small"
        className="workbench-half"
        title={t('workbench.missedCalls')}
        extra={
          d?.lastCall && (
            <Typography.Text type="secondary">
              {t('workbench.lastCall', { number: d.lastCall.number, talk: formatDuration(d.lastCall.talkSec) })}
            </Typography.Text>
          )
        }
      >
        <Table<Missed>
          size="small"
          rowKey="recordId"
          loading={today.isLoading}
          pagination={false}
          dataSource={d?.missedCalls ?? []}
          locale={{ emptyText: t('workbench.noMissed') }}
          data-testid="workbench-missed"
          columns={[
            { title: t('workbench.number'), dataIndex: 'number' },
            { title: t('workbench.at'), dataIndex: 'at', render: (v: string) => formatTime(v) },
            {
              title: t('workbench.callBack'),
              key: 'dial',
              width: 80,
              render: (_: unknown, m) => <DialButton number={m.number} />,
            },
          ]}
        />
      </Card>
      <Card size="small" className="workbench-half" title={t('workbench.appointments')}>
        <List
          size="small"
          loading={due.isLoading}
          dataSource={due.data ?? []}
          locale={{ emptyText: t('workbench.noAppointments') }}
          renderItem={(a) => (
            <List.Item extra={formatTime(a.at)}>
              <List.Item.Meta
                title={<Link to={`/customers/${a.customerId}`}>{a.customerName}</Link>}
                description={a.note || '-'}
              />
            </List.Item>
          )}
        />
      </Card>
    </div>
  );
}
