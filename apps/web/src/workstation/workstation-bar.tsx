import type { AgentCall } from '@hujiao/shared';
import { useEffect, useState } from 'react';
import { useAgentCall, useAgentState } from '../api/agent.ts';
import { AgentBar } from '../layout/agent-bar.tsx';
import { WebPhoneControl } from '../phone/web-phone-control.tsx';
import { CallPanel } from './call-panel.tsx';
import { ScreenPop } from './screen-pop.tsx';
import { StatusBar } from './status-bar.tsx';

/**
 * 坐席工作台 on every page, under the header: the softphone bar (the agent's state and their call with its commands,
 * 外呼 and 代接), the status bar (today's counts, callers waiting) and the screen pop, which opens when a call rings
 * the agent. Shown to queue members and to anyone on a call the CTI knows.
 */
export function WorkstationBar({ enabled }: { enabled: boolean }) {
  const { data: state } = useAgentState(enabled);
  const { data: call } = useAgentCall();
  // The pop keeps the last call (the agent finishes notes after the hang-up) until closed.
  const [popCall, setPopCall] = useState<AgentCall | null>(null);
  const [popOpen, setPopOpen] = useState(false);
  const ringing = call?.state === 'ringing' && call.direction !== 'outbound';
  useEffect(() => {
    if (!call) return;
    setPopCall(call);
    if (ringing) setPopOpen(true);
  }, [call, ringing]);
  if (!enabled || (!state?.member && !call)) return null;
  return (
    <div className="workstation-bar" data-testid="workstation-bar">
      <div className="workstation-bar-left">
        <AgentBar enabled={enabled} />
        <WebPhoneControl />
        <CallPanel
          onShowPop={() => {
            if (call) setPopCall(call);
            setPopOpen(true);
          }}
        />
      </div>
      <StatusBar />
      <ScreenPop call={popCall} open={popOpen} onClose={() => setPopOpen(false)} />
    </div>
  );
}
