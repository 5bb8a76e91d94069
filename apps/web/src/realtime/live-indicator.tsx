import { Badge, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLiveState } from './live-status.ts';

/** A small dot in the header: green while states are pushed live, orange while the socket reconnects. */
export function LiveIndicator() {
  const { t } = useTranslation();
  const state = useLiveState();
  if (state === 'off') return null;
  if (state === 'replaced') {
    return (
      <Tooltip title={t('layout.replacedHint')}>
        <Badge status="error" text={t('layout.replaced')} data-testid="live-indicator" data-state={state} />
      </Tooltip>
    );
  }
  const live = state === 'live';
  return (
    <Tooltip title={t(live ? 'layout.liveHint' : 'layout.reconnectingHint')}>
      <Badge
        status={live ? 'success' : 'warning'}
        text={t(live ? 'layout.live' : state === 'connecting' ? 'layout.connecting' : 'layout.reconnecting')}
        data-testid="live-indicator"
        data-state={state}
      />
    </Tooltip>
  );
}
