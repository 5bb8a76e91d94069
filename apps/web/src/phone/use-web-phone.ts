import type { BrowserPhoneCredential } from '@hujiao/shared';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import { WebPhone, type WebPhoneState } from './web-phone.ts';

const ENABLED_KEY = 'hujiao.webPhone';
const AUTO_ANSWER_KEY = 'hujiao.webPhone.autoAnswer';
const PROCESSING_KEY = 'hujiao.webPhone.processing';

/** One phone per page, whatever mounts the control. */
const phone = new WebPhone();

/**
 * Keys of the call pad pressed in a call the browser phone carries: sent from the browser itself (RFC 4733), as a
 * phone's keypad would. False: the browser phone is not talking (the CTI sends them).
 */
export function sendBrowserDtmf(digits: string): boolean {
  if (phone.current.call?.state !== 'talking') return false;
  for (const digit of digits) phone.sendDtmf(digit);
  return true;
}

/**
 * 网页电话 for the workstation: on (remembered in this browser) it signs in with a credential of this sign-in and
 * rings on calls to the agent's extension; auto-answer (remembered too) answers them at once.
 */
export function useWebPhone() {
  const [state, setState] = useState<WebPhoneState>(phone.current);
  const [enabled, setEnabledState] = useState(() => localStorage.getItem(ENABLED_KEY) === 'on');
  const [autoAnswer, setAutoAnswerState] = useState(() => localStorage.getItem(AUTO_ANSWER_KEY) === 'on');
  const [processing, setProcessingState] = useState(() => localStorage.getItem(PROCESSING_KEY) !== 'off');
  phone.processing = processing;
  const [startError, setStartError] = useState<unknown>(null);
  const auto = useRef(autoAnswer);
  auto.current = autoAnswer;

  useEffect(() => phone.subscribe(setState), []);
  useEffect(() => {
    if (!enabled) {
      phone.stop();
      return;
    }
    // Already signed in (the bar mounted again): a new start would end the call under way.
    if (phone.current.status !== 'off') return;
    let cancelled = false;
    setStartError(null);
    api
      .post<BrowserPhoneCredential>('/api/agent/phone')
      .then((c) => {
        if (!cancelled) phone.start(c, () => auto.current);
      })
      .catch((err: unknown) => {
        if (!cancelled) setStartError(err);
      });
    return () => {
      cancelled = true;
    };
  }, [enabled]);

  const setEnabled = useCallback((on: boolean) => {
    localStorage.setItem(ENABLED_KEY, on ? 'on' : 'off');
    setEnabledState(on);
  }, []);
  const setAutoAnswer = useCallback((on: boolean) => {
    localStorage.setItem(AUTO_ANSWER_KEY, on ? 'on' : 'off');
    setAutoAnswerState(on);
  }, []);
  const setProcessing = useCallback((on: boolean) => {
    localStorage.setItem(PROCESSING_KEY, on ? 'on' : 'off');
    setProcessingState(on);
  }, []);
  return { phone, state, enabled, setEnabled, autoAnswer, setAutoAnswer, processing, setProcessing, startError };
}
