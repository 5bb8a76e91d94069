import { isPeerAddress, type Trunk, trunkCodecs } from '@hujiao/shared';
import { App, Checkbox, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTrunk, useUpdateTrunk } from '../../api/pbx.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  kind: 'register' | 'ip';
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  username?: string;
  authUsername?: string;
  password?: string;
  realm?: string;
  registerExpiresSec: number;
  peers?: string[];
  codecs: Array<'PCMA' | 'PCMU'>;
  dtmfMode: 'rfc4733' | 'info';
  callerIdFormat: 'e164' | 'national';
  countryCode: string;
  assertIdentity: boolean;
  privacy: 'none' | 'id';
  maxCalls: number;
  enabled: boolean;
}

const DEFAULTS: Partial<Values> = {
  kind: 'register',
  port: 5060,
  transport: 'udp',
  registerExpiresSec: 3600,
  codecs: ['PCMA', 'PCMU'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'national',
  countryCode: '86',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
};

const HOST_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$/;

/** Add/edit a trunk: the password is write-only (empty on edit = keep the stored one). */
export function TrunkFormDrawer({ open, trunk, onClose }: { open: boolean; trunk: Trunk | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const kind = Form.useWatch('kind', form) ?? trunk?.kind ?? 'register';
  const create = useCreateTrunk();
  const update = useUpdateTrunk();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (trunk) form.setFieldsValue({ ...trunk, password: '' });
  }, [open, trunk, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      ...v,
      username: v.username?.trim() ?? '',
      authUsername: v.authUsername?.trim() ?? '',
      realm: v.realm?.trim() ?? '',
      peers: v.peers ?? [],
      password: v.password ?? '',
    };
    try {
      if (trunk) {
        const { password, ...rest } = body;
        await update.mutateAsync({ id: trunk.id, body: password ? body : rest });
        void message.success(t('common.saved'));
      } else {
        await create.mutateAsync(body);
        void message.success(t('common.created'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  const peerRule = {
    validator: (_: unknown, value: string[] | undefined) => {
      const bad = (value ?? []).find((p) => !isPeerAddress(p.trim()));
      return bad ? Promise.reject(new Error(t('trunk.peerInvalid', { value: bad }))) : Promise.resolve();
    },
  };
  const passwordKept = trunk?.hasPassword === true;
  return (
    <FormDrawer
      title={trunk ? t('trunk.edit') : t('trunk.create')}
      open={open}
      onClose={onClose}
      size={640}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form form={form} layout="vertical" name="trunk" initialValues={DEFAULTS}>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('trunk.name')} rules={rules.text(t('trunk.name'), 60)}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label={t('trunk.kind')}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'register', label: t('trunk.kinds.register') },
                  { value: 'ip', label: t('trunk.kinds.ip') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="host"
              label={t('trunk.host')}
              tooltip={t('trunk.hostHint')}
              rules={[
                rules.required(t('trunk.host')),
                {
                  validator: (_: unknown, v: string | undefined) =>
                    !v || HOST_PATTERN.test(v.trim()) || isPeerAddress(v.trim())
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('trunk.hostInvalid'))),
                },
              ]}
            >
              <Input autoComplete="off" placeholder="sip.carrier.cn" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="port" label={t('trunk.port')} rules={[rules.integer(1, 65535)]}>
              <InputNumber min={1} max={65535} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="transport" label={t('trunk.transport')}>
              <Select
                options={[
                  { value: 'udp', label: 'UDP' },
                  { value: 'tcp', label: 'TCP' },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'register' ? (
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="username" label={t('trunk.username')} rules={[rules.required(t('trunk.username'))]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="authUsername" label={t('trunk.authUsername')} tooltip={t('trunk.authUsernameHint')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="password"
                label={t('trunk.password')}
                rules={passwordKept ? [] : [rules.required(t('trunk.password'))]}
              >
                <Input.Password
                  autoComplete="new-password"
                  maxLength={128}
                  placeholder={passwordKept ? t('trunk.passwordKeep') : undefined}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="realm" label={t('trunk.realm')} tooltip={t('trunk.realmHint')}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item
                name="registerExpiresSec"
                label={t('trunk.registerExpires')}
                rules={[rules.integer(60, 86400)]}
              >
                <InputNumber min={60} max={86400} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
        ) : (
          <Form.Item
            name="peers"
            label={t('trunk.peers')}
            tooltip={t('trunk.peersHint')}
            rules={[{ required: true, message: t('validation.required', { field: t('trunk.peers') }) }, peerRule]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="203.0.113.10, 198.51.100.0/24" />
          </Form.Item>
        )}
        <Divider plain>{t('trunk.media')}</Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="codecs" label={t('trunk.codecs')} rules={[rules.requiredSelect(t('trunk.codecs'))]}>
              <Checkbox.Group options={trunkCodecs.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="dtmfMode" label={t('trunk.dtmfMode')}>
              <Select
                options={[
                  { value: 'rfc4733', label: t('trunk.dtmf.rfc4733') },
                  { value: 'info', label: t('trunk.dtmf.info') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="callerIdFormat" label={t('trunk.callerIdFormat')}>
              <Select
                options={[
                  { value: 'national', label: t('trunk.formats.national') },
                  { value: 'e164', label: t('trunk.formats.e164') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="countryCode"
              label={t('trunk.countryCode')}
              rules={[{ pattern: /^\d{1,4}$/, message: t('trunk.countryCodeInvalid') }]}
            >
              <Input addonBefore="+" maxLength={4} inputMode="numeric" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="privacy" label={t('trunk.privacy')}>
              <Select
                options={[
                  { value: 'none', label: t('trunk.privacyModes.none') },
                  { value: 'id', label: t('trunk.privacyModes.id') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="assertIdentity" label={t('trunk.assertIdentity')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="maxCalls"
              label={t('trunk.maxCalls')}
              tooltip={t('trunk.maxCallsHint')}
              rules={[rules.integer(0, 100000)]}
            >
              <InputNumber min={0} max={100000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
              <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
