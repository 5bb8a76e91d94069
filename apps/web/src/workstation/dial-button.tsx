import { PhoneOutlined } from '@ant-design/icons';
import { App, Button, Tooltip } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendCallCommand } from '../realtime/live-commands.ts';

/** A number as the switch dials it: the digits (and a leading +) of what was stored, e.g. "139 1234-5678". */
export function dialString(raw: string): string {
  return raw.replace(/[^\d+*#]/g, '');
}

/**
 * 点击外呼 next to a customer's phone: the agent's phone rings first, then the number (the CTI's dial command);
 * the server's refusal (not signed in, on a call, no route) is shown in the user's language.
 */
export function DialButton({ number }: { number: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const dial = async () => {
    setBusy(true);
    try {
      const result = await sendCallCommand({ action: 'dial', number: dialString(number) });
      if (result.ok) void message.success(t('agent.call.dialStarted', { number }));
      else void message.error(result.error || t('agent.call.channelDown'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Tooltip title={t('agent.call.dialNumber', { number })}>
      <Button
        size="small"
        type="text"
        icon={<PhoneOutlined />}
        loading={busy}
        onClick={() => void dial()}
        aria-label={t('agent.call.dialNumber', { number })}
        data-testid={`dial-${dialString(number)}`}
      />
    </Tooltip>
  );
}
