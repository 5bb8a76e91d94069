import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { type Extension, type OutboundRoute, poolStrategies } from '@hujiao/shared';
import { App, Button, Divider, Form, Input, InputNumber, Radio, Select, Space, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useOptions } from '../../api/crud.ts';
import {
  useCreateOutboundRoute,
  useTimeGroupOptions,
  useTrunkGroupOptions,
  useTrunkOptions,
  useUpdateOutboundRoute,
  useVerifiedCallerIds,
} from '../../api/pbx.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { DIAL_PATTERN } from '../inbound-routes/inbound-routes-page.tsx';

const PREPEND = /^\+?[0-9*#]*$/;
/** Trunk orders a route offers (least-used is a trunk group's). */
const ROUTE_ORDERS = ['sequential', 'roundRobin', 'random'] as const;

interface Values {
  name: string;
  priority: number;
  dialPatterns: Array<{ prepend?: string; prefix?: string; match?: string; callerPattern?: string }>;
  allExtensions: boolean;
  extensions?: string[];
  /** Trunks named on the route, or a trunk group's (智能中继). */
  trunkSource: 'trunks' | 'group';
  trunkIds: string[];
  trunkOrder: OutboundRoute['trunkOrder'];
  trunkGroupId?: string | null;
  callerIdMode: OutboundRoute['callerIdMode'];
  callerId?: string | null;
  callerIdPool?: string[];
  poolStrategy: OutboundRoute['poolStrategy'];
  timeGroupId?: string | null;
  enabled: boolean;
}

function toValues(r: OutboundRoute): Values {
  const all = 'all' in r.scope;
  return {
    ...r,
    allExtensions: all,
    extensions: 'extensions' in r.scope ? r.scope.extensions : [],
    trunkSource: r.trunkGroupId ? 'group' : 'trunks',
  };
}

/** 呼出路由 form: dial patterns (strip a prefix, add digits), who may use it, trunks and their order, caller ID. */
export function OutboundRouteDrawer({
  open,
  route,
  onClose,
}: {
  open: boolean;
  route: OutboundRoute | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const trunks = useTrunkOptions(open);
  const trunkGroups = useTrunkGroupOptions(open);
  const timeGroups = useTimeGroupOptions(open);
  const callerIds = useVerifiedCallerIds(open);
  const extensions = useOptions<Extension>('extensions', open);
  const mode = Form.useWatch('callerIdMode', form);
  const all = Form.useWatch('allExtensions', form);
  const viaGroup = Form.useWatch('trunkSource', form) === 'group';
  const create = useCreateOutboundRoute();
  const update = useUpdateOutboundRoute();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (route) form.setFieldsValue(toValues(route));
  }, [open, route, form]);

  const pattern = (re: RegExp) => ({
    validator: (_: unknown, v: string | undefined) =>
      !v || re.test(v.trim()) ? Promise.resolve() : Promise.reject(new Error(t('route.patternInvalid'))),
  });
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      priority: v.priority,
      dialPatterns: v.dialPatterns.map((p) => ({
        prepend: p.prepend?.trim() ?? '',
        prefix: p.prefix?.trim() ?? '',
        match: p.match?.trim() ?? '',
        callerPattern: p.callerPattern?.trim() ?? '',
      })),
      scope: v.allExtensions ? { all: true as const } : { extensions: v.extensions ?? [], teamIds: [] },
      trunkIds: v.trunkSource === 'group' ? [] : v.trunkIds,
      trunkOrder: v.trunkOrder,
      trunkGroupId: v.trunkSource === 'group' ? (v.trunkGroupId ?? null) : null,
      callerIdMode: v.callerIdMode,
      callerId: v.callerIdMode === 'fixed' ? (v.callerId ?? null) : null,
      callerIdPool: v.callerIdMode === 'pool' ? (v.callerIdPool ?? []) : [],
      poolStrategy: v.poolStrategy,
      timeGroupId: v.timeGroupId ?? null,
      enabled: v.enabled,
    };
    try {
      if (route) await update.mutateAsync({ id: route.id, body });
      else await create.mutateAsync(body);
      void message.success(t(route ? 'common.saved' : 'common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  const callerIdOptions = (callerIds.data ?? []).map((c) => ({ value: c.number, label: c.number }));
  return (
    <FormDrawer
      title={route ? t('outboundRoute.edit') : t('outboundRoute.create')}
      open={open}
      onClose={onClose}
      size={760}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="outboundRoute"
        initialValues={{
          priority: 100,
          dialPatterns: [{ prefix: '', match: '' }],
          allExtensions: true,
          trunkSource: 'trunks',
          trunkOrder: 'sequential',
          callerIdMode: 'extension',
          poolStrategy: 'rotate',
          enabled: true,
        }}
      >
        <Space wrap align="start">
          <Form.Item name="name" label={t('route.name')} rules={rules.text(t('route.name'), 60)}>
            <Input autoComplete="off" style={{ width: 280 }} />
          </Form.Item>
          <Form.Item
            name="priority"
            label={t('route.priority')}
            tooltip={t('route.priorityHint')}
            rules={[rules.integer(0, 100000)]}
          >
            <InputNumber min={0} max={100000} style={{ width: 140 }} />
          </Form.Item>
        </Space>

        <Divider plain>{t('outboundRoute.dialPatterns')}</Divider>
        <Form.List name="dialPatterns">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start" data-testid="dial-pattern-row">
                  <Form.Item name={[field.name, 'prepend']} rules={[pattern(PREPEND)]} style={{ marginBottom: 8 }}>
                    <Input
                      style={{ width: 110 }}
                      placeholder={t('outboundRoute.prepend')}
                      aria-label={t('outboundRoute.prepend')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'prefix']} rules={[pattern(DIAL_PATTERN)]} style={{ marginBottom: 8 }}>
                    <Input
                      style={{ width: 110 }}
                      placeholder={t('outboundRoute.prefix')}
                      aria-label={t('outboundRoute.prefix')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'match']} rules={[pattern(DIAL_PATTERN)]} style={{ marginBottom: 8 }}>
                    <Input
                      style={{ width: 170 }}
                      placeholder={t('outboundRoute.match')}
                      aria-label={t('outboundRoute.match')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'callerPattern']}
                    rules={[pattern(DIAL_PATTERN)]}
                    style={{ marginBottom: 8 }}
                  >
                    <Input
                      style={{ width: 150 }}
                      placeholder={t('outboundRoute.callerPattern')}
                      aria-label={t('outboundRoute.callerPattern')}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(field.name)}
                    />
                  )}
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ prefix: '', match: '' })}>
                {t('outboundRoute.addPattern')}
              </Button>
              <div style={{ color: 'rgba(0,0,0,0.45)', marginTop: 8 }}>{t('outboundRoute.patternExample')}</div>
            </>
          )}
        </Form.List>

        <Divider plain>{t('outboundRoute.who')}</Divider>
        <Form.Item name="allExtensions" label={t('outboundRoute.allExtensions')} valuePropName="checked">
          <Switch />
        </Form.Item>
        {!all && (
          <Form.Item name="extensions" label={t('outboundRoute.extensions')}>
            <Select
              mode="multiple"
              options={(extensions.data ?? []).map((e) => ({ value: e.number, label: e.number }))}
            />
          </Form.Item>
        )}
        <Form.Item name="timeGroupId" label={t('route.timeGroup')} tooltip={t('outboundRoute.timeGroupHint')}>
          <Select
            allowClear
            placeholder={t('route.noTimeGroup')}
            options={(timeGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }))}
          />
        </Form.Item>

        <Divider plain>{t('outboundRoute.trunks')}</Divider>
        <Form.Item name="trunkSource">
          <Radio.Group
            optionType="button"
            options={(['trunks', 'group'] as const).map((s) => ({
              value: s,
              label: t(`outboundRoute.trunkSources.${s}`),
            }))}
          />
        </Form.Item>
        {viaGroup ? (
          <Form.Item
            name="trunkGroupId"
            label={t('trunkGroup.title')}
            tooltip={t('outboundRoute.trunkGroupHint')}
            rules={[rules.requiredSelect(t('trunkGroup.title'))]}
          >
            <Select
              options={(trunkGroups.data ?? []).map((g) => ({
                value: g.id,
                label: `${g.name} (${t(`trunkGroup.orders.${g.order}`)})`,
              }))}
            />
          </Form.Item>
        ) : (
          <>
            <Form.Item
              name="trunkIds"
              label={t('outboundRoute.trunks')}
              tooltip={t('outboundRoute.trunksHint')}
              rules={[rules.requiredSelect(t('outboundRoute.trunks'))]}
            >
              <Select mode="multiple" options={(trunks.data ?? []).map((x) => ({ value: x.id, label: x.name }))} />
            </Form.Item>
            <Form.Item name="trunkOrder" label={t('trunkGroup.order')}>
              <Radio.Group
                optionType="button"
                options={ROUTE_ORDERS.map((o) => ({ value: o, label: t(`trunkGroup.orders.${o}`) }))}
              />
            </Form.Item>
          </>
        )}

        <Divider plain>{t('outboundRoute.callerId')}</Divider>
        <Form.Item name="callerIdMode" tooltip={t('outboundRoute.callerIdHint')}>
          <Radio.Group
            optionType="button"
            options={(['extension', 'fixed', 'pool'] as const).map((m) => ({
              value: m,
              label: t(`outboundRoute.callerIdModes.${m}`),
            }))}
          />
        </Form.Item>
        {mode === 'fixed' && (
          <Form.Item
            name="callerId"
            label={t('outboundRoute.fixedNumber')}
            rules={[rules.requiredSelect(t('outboundRoute.fixedNumber'))]}
          >
            <Select showSearch options={callerIdOptions} notFoundContent={t('outboundRoute.noVerified')} />
          </Form.Item>
        )}
        {mode === 'pool' && (
          <Space wrap align="start">
            <Form.Item
              name="callerIdPool"
              label={t('outboundRoute.pool')}
              rules={[rules.requiredSelect(t('outboundRoute.pool'))]}
            >
              <Select
                mode="multiple"
                style={{ minWidth: 320 }}
                options={callerIdOptions}
                notFoundContent={t('outboundRoute.noVerified')}
              />
            </Form.Item>
            <Form.Item name="poolStrategy" label={t('outboundRoute.poolStrategy')}>
              <Select
                style={{ width: 180 }}
                options={poolStrategies.map((s) => ({ value: s, label: t(`outboundRoute.poolStrategies.${s}`) }))}
              />
            </Form.Item>
          </Space>
        )}
        <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
