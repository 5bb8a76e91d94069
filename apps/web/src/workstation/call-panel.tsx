import {
  AudioMutedOutlined,
  AudioOutlined,
  PauseCircleOutlined,
  PhoneOutlined,
  PlayCircleOutlined,
  ProfileOutlined,
} from '@ant-design/icons';
import type { AgentCall, AgentCallState, CtiCallCommand } from '@hujiao/shared';
import { App, Button, Dropdown, Input, Popover, Space, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgentCall } from '../api/agent.ts';
import { sendBrowserDtmf } from '../phone/use-web-phone.ts';
import { useCallCommand } from '../realtime/live-commands.ts';
import { formatDuration, useElapsed } from '../utils/use-elapsed.ts';
import { DialPad, KeyGrid } from './dial-pad.tsx';
import { TargetForm } from './target-form.tsx';

const COLORS: Record<AgentCallState, string> = {
  ringing: 'blue',
  dialling: 'cyan',
  talking: 'red',
  held: 'purple',
  consulting: 'magenta',
  conference: 'volcano',
  supervising: 'geekblue',
};

type Run = (command: CtiCallCommand) => Promise<boolean>;

/** A button that opens a popover holding a form; the popover closes when the form's command went through. */
function PopButton({
  label,
  testId,
  content,
  disabled,
}: {
  label: string;
  testId: string;
  content(close: () => void): ReactNode;
  disabled?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <Popover trigger="click" open={open} onOpenChange={setOpen} content={content(() => setOpen(false))} destroyOnHidden>
      <Button size="small" disabled={disabled} data-testid={testId}>
        {label}
      </Button>
    </Popover>
  );
}

/** Without a call: 外呼 with the dial pad, 代接 a colleague's ringing call. */
function IdleActions({ run, pending }: { run: Run; pending: string | null }) {
  const { t } = useTranslation();
  const [extension, setExtension] = useState('');
  return (
    <Space size={4}>
      <PopButton
        label={t('agent.call.dial')}
        testId="call-dial"
        content={(close) => (
          <DialPad
            busy={pending === 'dial'}
            onDial={(number) => void run({ action: 'dial', number }).then((ok) => ok && close())}
          />
        )}
      />
      <PopButton
        label={t('agent.call.pickup')}
        testId="call-pickup"
        content={(close) => (
          <Space.Compact style={{ width: 240 }}>
            <Input
              placeholder={t('agent.call.pickupPlaceholder')}
              value={extension}
              onChange={(e) => setExtension(e.target.value)}
              data-testid="pickup-extension"
            />
            <Button
              type="primary"
              loading={pending === 'pickup'}
              onClick={() =>
                void run(
                  extension.trim() ? { action: 'pickup', extension: extension.trim() } : { action: 'pickup' },
                ).then((ok) => ok && close())
              }
              data-testid="pickup-go"
            >
              {t('agent.call.pickup')}
            </Button>
          </Space.Compact>
        )}
      />
    </Space>
  );
}

/** The call's buttons, enabled per state (the phone answers; the bar moves the call). */
function CallActions({ call, run, pending }: { call: AgentCall; run: Run; pending: string | null }) {
  const { t } = useTranslation();
  const s = call.state;
  const live = s === 'talking' || s === 'held' || s === 'conference' || s === 'consulting';
  const button = (action: CtiCallCommand['action'], label: string, command: CtiCallCommand, icon?: ReactNode) => (
    <Button
      size="small"
      icon={icon}
      loading={pending === action}
      onClick={() => void run(command)}
      data-testid={`call-${action}`}
    >
      {label}
    </Button>
  );
  const more = [
    { key: 'survey', label: t('agent.call.survey'), disabled: s !== 'talking' },
    { key: 'threeWay', label: t('agent.call.threeWay'), disabled: s !== 'consulting' },
  ];
  return (
    <Space size={4} wrap={false}>
      <Button
        size="small"
        danger
        type="primary"
        icon={<PhoneOutlined rotate={225} />}
        loading={pending === 'hangup'}
        onClick={() => void run({ action: 'hangup' })}
        data-testid="call-hangup"
      >
        {t('agent.call.hangup')}
      </Button>
      {s === 'talking' && button('hold', t('agent.call.hold'), { action: 'hold' }, <PauseCircleOutlined />)}
      {s === 'held' && button('resume', t('agent.call.resume'), { action: 'resume' }, <PlayCircleOutlined />)}
      {live &&
        button(
          'mute',
          call.muted ? t('agent.call.unmute') : t('agent.call.mute'),
          { action: 'mute', muted: !call.muted },
          call.muted ? <AudioMutedOutlined /> : <AudioOutlined />,
        )}
      {(s === 'talking' || s === 'held') && (
        <>
          <PopButton
            label={t('agent.call.transfer')}
            testId="call-transfer"
            content={(close) => (
              <TargetForm
                testId="transfer-form"
                busy={pending === 'transfer'}
                onSubmit={(target) => void run({ action: 'transfer', target }).then((ok) => ok && close())}
              />
            )}
          />
          <PopButton
            label={t('agent.call.consult')}
            testId="call-consult"
            content={(close) => (
              <TargetForm
                people
                testId="consult-form"
                busy={pending === 'consult'}
                onSubmit={(target) => {
                  // A people-only form gives an extension or an outside number.
                  if (target.kind === 'extension' || target.kind === 'external')
                    void run({ action: 'consult', target }).then((ok) => ok && close());
                }}
              />
            )}
          />
        </>
      )}
      {s === 'consulting' && (
        <>
          {button('completeTransfer', t('agent.call.completeTransfer'), { action: 'completeTransfer' })}
          {button('cancelTransfer', t('agent.call.cancelTransfer'), { action: 'cancelTransfer' })}
        </>
      )}
      {live && (
        <PopButton
          label={t('agent.call.keypad')}
          testId="call-keypad"
          content={() => (
            <KeyGrid
              testId="dtmf-key"
              onKey={(digits) => {
                if (!sendBrowserDtmf(digits)) void run({ action: 'dtmf', digits });
              }}
            />
          )}
        />
      )}
      {live && (
        <Dropdown
          trigger={['click']}
          menu={{
            items: more,
            onClick: ({ key }) => void run({ action: key as 'survey' | 'threeWay' }),
          }}
        >
          <Button size="small" data-testid="call-more">
            {t('agent.call.more')}
          </Button>
        </Dropdown>
      )}
    </Space>
  );
}

/**
 * 软电话条的通话区: the agent's call as the CTI pushes it — state with its timer, the other party, the queue and
 * wait — and its commands; without a call, 外呼 and 代接. Errors are the server's reason in the user's language.
 */
export function CallPanel({ onShowPop }: { onShowPop(): void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { data: call } = useAgentCall();
  const onError = useCallback(
    (reason: string) => void message.error(reason || t('agent.call.channelDown')),
    [message, t],
  );
  const { run, pending } = useCallCommand(onError);
  const elapsed = useElapsed(call ? (call.answeredAt ?? call.startedAt) : null);
  if (!call) return <IdleActions run={run} pending={pending} />;
  return (
    <Space size={6} data-testid="call-panel" wrap={false}>
      <Tag color={COLORS[call.state]} data-testid="call-state">
        {t(`agent.call.states.${call.state}`)} {elapsed}
      </Tag>
      <Tooltip
        title={[
          t(`agent.call.directions.${call.direction}`),
          call.queueName && call.waitSec !== null
            ? t('agent.call.queueWait', { queue: call.queueName, wait: formatDuration(call.waitSec) })
            : null,
          call.parties > 1 ? t('agent.call.parties', { count: call.parties + 1 }) : null,
        ]
          .filter(Boolean)
          .join(' · ')}
      >
        <Typography.Text strong data-testid="call-number">
          {call.number}
        </Typography.Text>
      </Tooltip>
      {call.consult && (
        <Tag data-testid="call-consult-party">
          {t('agent.call.consultWith', { number: call.consult.number })}
          {call.consult.state === 'ringing' ? ` · ${t('agent.call.consultRinging')}` : ''}
        </Tag>
      )}
      {call.muted && <Tag color="orange">{t('agent.call.muted')}</Tag>}
      {call.direction !== 'outbound' && (
        <Tooltip title={t('agent.call.showPop')}>
          <Button size="small" type="text" icon={<ProfileOutlined />} onClick={onShowPop} data-testid="call-show-pop" />
        </Tooltip>
      )}
      <CallActions call={call} run={run} pending={pending} />
    </Space>
  );
}
