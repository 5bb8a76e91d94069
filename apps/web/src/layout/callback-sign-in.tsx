import type { AgentStateInput } from '@hujiao/shared';
import { Button, Input, Popover, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * 回呼模式签入 (远端客服): sign in with a mobile or landline number instead of the SIP extension; the ACD then rings
 * that number through the trunks. The server checks the number and the routes and says why it refuses.
 */
export function CallbackSignIn({ busy, onSignIn }: { busy: boolean; onSignIn(body: AgentStateInput): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [number, setNumber] = useState('');
  const go = () => {
    const n = number.trim();
    if (!n) return;
    onSignIn({ state: 'ready', device: { kind: 'mobile', number: n } });
    setOpen(false);
  };
  return (
    <Popover
      trigger="click"
      open={open}
      onOpenChange={setOpen}
      title={t('agent.callback.title')}
      content={
        <Space direction="vertical" size={8} style={{ width: 240 }}>
          <Typography.Text type="secondary">{t('agent.callback.help')}</Typography.Text>
          <Input
            aria-label={t('agent.callback.number')}
            placeholder={t('agent.callback.number')}
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            onPressEnter={go}
            inputMode="tel"
            data-testid="callback-number"
          />
          <Button type="primary" block disabled={!number.trim()} loading={busy} onClick={go} data-testid="callback-go">
            {t('agent.signIn')}
          </Button>
        </Space>
      }
    >
      <Button size="small" type="link" data-testid="agent-callback">
        {t('agent.callback.open')}
      </Button>
    </Popover>
  );
}
