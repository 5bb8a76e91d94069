import { LockOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../api/auth.ts';
import { ApiError, api } from '../api/client.ts';

// 示忙锁屏: the lock lives in the tab's sessionStorage (a reload stays locked), marked with whose it is.
const KEY = 'hujiao.screenLock';
const listeners = new Set<() => void>();
const read = () => sessionStorage.getItem(KEY);
function write(userId: string | null): void {
  if (userId) sessionStorage.setItem(KEY, userId);
  else sessionStorage.removeItem(KEY);
  for (const l of listeners) l();
}
function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => {
    listeners.delete(l);
  };
}

export function lockScreen(userId: string): void {
  write(userId);
}

/** The button that locks the screen (offered while busy, as the agent manuals describe). */
export function LockButton() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <Button
      size="small"
      type="text"
      icon={<LockOutlined />}
      onClick={() => lockScreen(me.id)}
      aria-label={t('agent.lock.lock')}
      title={t('agent.lock.lock')}
      data-testid="agent-lock"
    />
  );
}

/**
 * The lock screen: covers the console until the signed-in user types their own password (POST /api/auth/unlock);
 * five wrong tries end the session. The phone keeps working underneath: the lock hides the screen, not the calls.
 */
export function ScreenLock() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const locked = useSyncExternalStore(subscribe, read);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (!me || locked !== me.id) return null;
  const unlock = async () => {
    if (!password) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/auth/unlock', { password });
      setPassword('');
      write(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      if (err instanceof ApiError && err.status === 401) write(null);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="screen-lock" data-testid="screen-lock">
      <div className="screen-lock-card">
        <Space direction="vertical" size="middle" style={{ width: '100%', textAlign: 'center' }}>
          <LockOutlined style={{ fontSize: 32 }} />
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('agent.lock.title')}
          </Typography.Title>
          <Typography.Text type="secondary">{t('agent.lock.help', { name: me.name })}</Typography.Text>
          <Input.Password
            autoFocus
            aria-label={t('agent.lock.password')}
            placeholder={t('agent.lock.password')}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            onPressEnter={() => void unlock()}
            data-testid="unlock-password"
          />
          {error && <Alert type="error" showIcon message={error} data-testid="unlock-error" />}
          <Button type="primary" block loading={busy} onClick={() => void unlock()} data-testid="unlock-go">
            {t('agent.lock.unlock')}
          </Button>
        </Space>
      </div>
    </div>
  );
}
