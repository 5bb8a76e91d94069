import { MobileOutlined } from '@ant-design/icons';
import type { AgentState, AgentStateInput } from '@hujiao/shared';
import { Button, Dropdown, Space, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAgentState, useSetAgentState } from '../api/agent.ts';
import { useDictionary } from '../api/crm.ts';
import { useApiError } from '../utils/use-api-error.ts';
import { useElapsed } from '../utils/use-elapsed.ts';
import { LockButton } from '../workstation/screen-lock.tsx';
import { CallbackSignIn } from './callback-sign-in.tsx';

export const AGENT_STATE_COLORS: Record<AgentState, string> = {
  'logged-out': 'default',
  ready: 'green',
  busy: 'orange',
  ringing: 'blue',
  talking: 'red',
  hold: 'purple',
  'wrap-up': 'gold',
};

/**
 * The agent's state bar in the header (坐席状态): the state pushed by the CTI with its timer, and 置闲 / 置忙 (a
 * reason from the busy-reason dictionary) / 签出; shown to members of a queue only. Ringing, talking and wrap-up
 * follow the calls; the buttons are enabled for the states an agent may leave by themself.
 */
export function AgentBar({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const { data } = useAgentState(enabled);
  const set = useSetAgentState();
  const onError = useApiError();
  const reasons = useDictionary('busyReason');
  const elapsed = useElapsed(data?.since);
  if (!enabled || !data?.member) return null;
  const state = data.state;
  const free = state === 'logged-out' || state === 'ready' || state === 'busy' || state === 'wrap-up';
  const change = (body: AgentStateInput) => set.mutate(body, { onError: (err) => onError(err) });
  const label =
    state === 'busy' && data.reason
      ? `${t('agent.states.busy')}(${reasons.label(data.reason)})`
      : t(`agent.states.${state}`);
  return (
    <Space size={4} data-testid="agent-bar">
      <Tooltip title={t('agent.stateSince')}>
        <Tag color={AGENT_STATE_COLORS[state]} data-testid="agent-state">
          {label}
          {state !== 'logged-out' && elapsed ? ` ${elapsed}` : ''}
        </Tag>
      </Tooltip>
      {data.device.kind === 'mobile' && state !== 'logged-out' && (
        <Tooltip title={t('agent.callback.active')}>
          <Tag icon={<MobileOutlined />} data-testid="agent-device">
            {data.device.number}
          </Tag>
        </Tooltip>
      )}
      {/* On a call (ringing, talking, hold) the call's own buttons take the room. */}
      {free && (
        <>
          <Button
            size="small"
            type={state === 'ready' ? 'default' : 'primary'}
            disabled={!free || state === 'ready'}
            loading={set.isPending && set.variables?.state === 'ready'}
            onClick={() => change({ state: 'ready' })}
            data-testid="agent-ready"
          >
            {state === 'logged-out' ? t('agent.signIn') : t('agent.ready')}
          </Button>
          {state === 'logged-out' && <CallbackSignIn busy={set.isPending} onSignIn={(body) => change(body)} />}
          <Dropdown
            disabled={!free}
            trigger={['click']}
            menu={{
              items: reasons.options.map((o) => ({ key: o.value, label: o.label })),
              onClick: ({ key }) => change({ state: 'busy', reason: key }),
            }}
          >
            <Button size="small" disabled={!free} data-testid="agent-busy">
              {t('agent.busy')}
            </Button>
          </Dropdown>
          {state === 'busy' && <LockButton />}
          <Button
            size="small"
            type="text"
            disabled={!free || state === 'logged-out'}
            onClick={() => change({ state: 'logged-out' })}
            data-testid="agent-logout"
          >
            {t('agent.logout')}
          </Button>
        </>
      )}
    </Space>
  );
}
