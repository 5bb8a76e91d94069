import { PhoneOutlined } from '@ant-design/icons';
import { App, Badge, Button, Form, Popover, Progress, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { useWebPhone } from './use-web-phone.ts';

const BADGE = { off: 'default', connecting: 'processing', registered: 'success', failed: 'error' } as const;

/**
 * 网页电话 in the workstation bar: its state (已注册 / 连接中 / 未连接 and why), the settings (on, auto-answer,
 * microphone, speaker) and the levels while talking; 接听 / 拒接 while the browser rings.
 */
export function WebPhoneControl() {
  const { t } = useTranslation();
  const { phone, state, enabled, setEnabled, autoAnswer, setAutoAnswer, processing, setProcessing, startError } =
    useWebPhone();
  const { message } = App.useApp();
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [microphone, setMicrophone] = useState<string | null>(phone.microphoneId);
  const [speaker, setSpeaker] = useState<string | null>(phone.speakerId);
  useEffect(() => {
    if (!enabled || !navigator.mediaDevices?.enumerateDevices) return;
    void navigator.mediaDevices.enumerateDevices().then(setDevices);
  }, [enabled]);

  // Said out loud when it happens (no microphone, the socket or the media lost), not only in the settings.
  useEffect(() => {
    if (state.error) void message.error({ content: t(`agent.phone.error.${state.error}`), key: 'web-phone-error' });
  }, [state.error, message, t]);

  const problem = startError
    ? startError instanceof ApiError
      ? startError.message
      : t('agent.phone.error.socket')
    : state.error
      ? t(`agent.phone.error.${state.error}`)
      : null;
  const status = enabled ? (startError ? 'failed' : state.status) : 'off';
  const options = (kind: MediaDeviceKind) =>
    devices
      .filter((d) => d.kind === kind)
      .map((d, i) => ({ value: d.deviceId, label: d.label || `${t(`agent.phone.${kind}`)} ${i + 1}` }));

  const settings = (
    <Form layout="vertical" size="small" style={{ width: 280 }}>
      <Form.Item label={t('agent.phone.enable')}>
        <Switch checked={enabled} onChange={setEnabled} data-testid="web-phone-enable" />
      </Form.Item>
      <Form.Item label={t('agent.phone.autoAnswer')} extra={t('agent.phone.autoAnswerHelp')}>
        <Switch checked={autoAnswer} onChange={setAutoAnswer} data-testid="web-phone-auto-answer" />
      </Form.Item>
      <Form.Item label={t('agent.phone.processing')} extra={t('agent.phone.processingHelp')}>
        <Switch checked={processing} onChange={setProcessing} data-testid="web-phone-processing" />
      </Form.Item>
      <Form.Item label={t('agent.phone.audioinput')}>
        <Select
          allowClear
          placeholder={t('agent.phone.systemDefault')}
          value={microphone}
          options={options('audioinput')}
          onChange={(v) => {
            phone.microphoneId = v ?? null;
            setMicrophone(v ?? null);
          }}
        />
      </Form.Item>
      <Form.Item label={t('agent.phone.audiooutput')}>
        <Select
          allowClear
          placeholder={t('agent.phone.systemDefault')}
          value={speaker}
          options={options('audiooutput')}
          onChange={(v) => {
            void phone.setSpeaker(v ?? null);
            setSpeaker(v ?? null);
          }}
        />
      </Form.Item>
      {problem && <Typography.Text type="danger">{problem}</Typography.Text>}
    </Form>
  );

  return (
    <Space size={4} data-testid="web-phone">
      <Popover content={settings} trigger="click" placement="bottomLeft">
        <Button size="small" icon={<PhoneOutlined />} data-testid="web-phone-button" title={problem ?? undefined}>
          <Badge status={BADGE[status]} text={t(`agent.phone.status.${status}`)} data-testid="web-phone-status" />
        </Button>
      </Popover>
      {state.call?.state === 'ringing' && (
        <>
          <Button size="small" type="primary" onClick={() => void phone.answer()} data-testid="web-phone-answer">
            {t('agent.phone.answer')}
          </Button>
          <Button size="small" danger onClick={() => phone.hangup()}>
            {t('agent.phone.decline')}
          </Button>
        </>
      )}
      {state.call?.state === 'talking' && (
        <Space size={2} title={t('agent.phone.levels')}>
          <Progress
            type="dashboard"
            size={24}
            percent={state.micLevel}
            showInfo={false}
            aria-label={t('agent.phone.micLevel')}
            data-testid="web-phone-mic-level"
            data-level={state.micLevel}
          />
          <Progress
            type="dashboard"
            size={24}
            percent={state.speakerLevel}
            showInfo={false}
            aria-label={t('agent.phone.speakerLevel')}
            data-testid="web-phone-speaker-level"
            data-level={state.speakerLevel}
          />
        </Space>
      )}
    </Space>
  );
}
