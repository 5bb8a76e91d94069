import type { Appointment } from '@hujiao/shared';
import { App, Button, Space } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useDueAppointments, useUpdateAppointment } from '../api/crm-activity.ts';
import { formatTime } from '../i18n/antd-locale.ts';
import { useCan } from '../utils/use-can.ts';

const SEEN_KEY = 'hujiao.remindedAppointments';

function loadSeen(): Set<string> {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(SEEN_KEY) ?? '[]') as string[]);
  } catch {
    return new Set();
  }
}

/**
 * 预约提醒: polls the caller's due appointments (on load and every 30 s) and shows one notification per
 * appointment (remembered for the browser session), with a link to the customer and a "done" button.
 */
export function AppointmentReminder() {
  const { t } = useTranslation();
  const { notification } = App.useApp();
  const navigate = useNavigate();
  const can = useCan();
  const due = useDueAppointments(can('followUp:view'));
  const update = useUpdateAppointment();
  const seen = useRef<Set<string>>(loadSeen());

  useEffect(() => {
    const show = (a: Appointment) => {
      const text = t('appointment.reminderText', {
        customer: a.customerName,
        time: formatTime(a.at),
        note: a.note,
      }).trim();
      notification.info({
        key: `appointment-${a.id}`,
        title: t('appointment.reminderTitle'),
        description: (
          <Space direction="vertical" size={4}>
            <span data-testid="appointment-reminder-text">{text}</span>
            <Space>
              <Button
                size="small"
                type="link"
                data-testid="appointment-reminder-open"
                onClick={() => {
                  notification.destroy(`appointment-${a.id}`);
                  navigate(`/customers/${a.customerId}`);
                }}
              >
                {t('appointment.viewCustomer')}
              </Button>
              {can('followUp:manage') && (
                <Button
                  size="small"
                  type="link"
                  onClick={() => {
                    update.mutate({ id: a.id, body: { done: true } });
                    notification.destroy(`appointment-${a.id}`);
                  }}
                >
                  {t('appointment.markDone')}
                </Button>
              )}
            </Space>
          </Space>
        ),
        duration: 0,
        placement: 'topRight',
        props: { 'data-testid': 'appointment-reminder' } as Record<`data-${string}`, string>,
      });
    };
    let changed = false;
    for (const a of due.data ?? []) {
      if (a.done || seen.current.has(a.id)) continue;
      seen.current.add(a.id);
      changed = true;
      show(a);
    }
    if (changed) sessionStorage.setItem(SEEN_KEY, JSON.stringify([...seen.current].slice(-500)));
  }, [due.data, notification, navigate, t, can, update]);

  return null;
}
