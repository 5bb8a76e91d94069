import type { AgentDay } from '@hujiao/shared';
import { Card, Col, List, Row, Statistic, Table, Typography } from 'antd';
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
  return (
    <Row gutter={[16, 16]} data-testid="workbench">
      {[
        ['inbound', d?.inbound],
        ['outbound', d?.outbound],
        ['missed', d?.missed],
      ].map(([key, value]) => (
        <Col key={key} xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t(`workbench.${key}`)}
              value={value ?? '-'}
              valueStyle={key === 'missed' && Number(value) > 0 ? { color: '#cf1322' } : undefined}
            />
          </Card>
        </Col>
      ))}
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title={<Link to="/voicemail">{t('workbench.voicemail')}</Link>}
            value={voicemail.data?.mine ?? '-'}
          />
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card
          size="small"
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
      </Col>
      <Col xs={24} lg={12}>
        <Card size="small" title={t('workbench.appointments')}>
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
      </Col>
    </Row>
  );
}
