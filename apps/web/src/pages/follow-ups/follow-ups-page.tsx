import { Card, DatePicker, Select, Tabs } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDictionary } from '../../api/crm.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from '../customers/agent-select.tsx';
import { AppointmentTable, FollowUpTable } from './follow-up-tables.tsx';

/** 跟进记录: every visible follow-up with filters, and the caller's appointments. */
export function FollowUpsPage() {
  const { t } = useTranslation();
  const can = useCan();
  const types = useDictionary('followUpType');
  const [type, setType] = useState<string | undefined>();
  const [userId, setUserId] = useState<string | null>(null);
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const params = {
    type,
    userId: userId ?? undefined,
    from: range?.[0]?.format() ?? undefined,
    to: range?.[1]?.format() ?? undefined,
  };
  return (
    <Card title={t('followUp.title')}>
      <Tabs
        items={[
          {
            key: 'follow-ups',
            label: t('followUp.tabs.followUps'),
            children: (
              <>
                <div className="page-toolbar">
                  <Select
                    allowClear
                    style={{ width: 140 }}
                    placeholder={t('followUp.typeFilter')}
                    aria-label={t('followUp.typeFilter')}
                    value={type}
                    onChange={setType}
                    options={types.options}
                  />
                  {can('user:view') && (
                    <AgentSelect
                      style={{ width: 160 }}
                      placeholder={t('followUp.user')}
                      aria-label={t('followUp.user')}
                      value={userId}
                      onChange={(v) => setUserId(v as string | null)}
                    />
                  )}
                  <DatePicker.RangePicker
                    showTime
                    aria-label={t('followUp.range')}
                    placeholder={[t('followUp.startTime'), t('followUp.endTime')]}
                    value={range}
                    onChange={(v) => setRange(v)}
                  />
                </div>
                <FollowUpTable params={params} showCustomer />
              </>
            ),
          },
          {
            key: 'appointments',
            label: t('followUp.tabs.appointments'),
            children: <AppointmentTable params={{}} showCustomer />,
          },
        ]}
      />
    </Card>
  );
}
