import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { TimeGroup } from '@hujiao/shared';
import { App, Button, Checkbox, DatePicker, Divider, Form, Input, Radio, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTimeGroup, useUpdateTimeGroup } from '../../api/pbx.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const TIMEZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'UTC'];
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const END_TIME = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const DATE = 'YYYY-MM-DD';

interface Values {
  name: string;
  timezone: string;
  weekly: Array<{ days: number[]; start: string; end: string }>;
  holidays: Array<{ name: string; range: [Dayjs, Dayjs] }>;
  workdays: Array<{ name: string; date: Dayjs; asDay: number }>;
  override: TimeGroup['override'];
  overrideUntil?: Dayjs | null;
}

function toValues(g: TimeGroup): Values {
  return {
    name: g.name,
    timezone: g.timezone,
    weekly: g.weekly,
    holidays: g.holidays.map((h) => ({ name: h.name, range: [dayjs(h.from), dayjs(h.to)] })),
    workdays: g.workdays.map((w) => ({ name: w.name, date: dayjs(w.date), asDay: w.asDay })),
    override: g.override,
    overrideUntil: g.overrideUntil ? dayjs(g.overrideUntil) : null,
  };
}

/** 时间小组 editor: weekly hours (weekday boxes + from/to), holidays, make-up workdays (调休), manual override. */
export function TimeGroupFormDrawer({
  open,
  group,
  onClose,
}: {
  open: boolean;
  group: TimeGroup | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const override = Form.useWatch('override', form);
  const create = useCreateTimeGroup();
  const update = useUpdateTimeGroup();
  const dayOptions = WEEKDAYS.map((d) => ({ value: d, label: t(`timeGroup.weekdays.${d}`) }));

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (group) form.setFieldsValue(toValues(group));
  }, [open, group, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      timezone: v.timezone,
      weekly: (v.weekly ?? []).map((w) => ({ days: [...w.days].sort(), start: w.start, end: w.end })),
      holidays: (v.holidays ?? []).map((h) => ({
        name: h.name.trim(),
        from: h.range[0].format(DATE),
        to: h.range[1].format(DATE),
      })),
      workdays: (v.workdays ?? []).map((w) => ({ name: w.name.trim(), date: w.date.format(DATE), asDay: w.asDay })),
      override: v.override,
      overrideUntil: v.override !== 'none' && v.overrideUntil ? v.overrideUntil.toISOString() : null,
    };
    try {
      if (group) await update.mutateAsync({ id: group.id, body });
      else await create.mutateAsync(body);
      void message.success(t(group ? 'common.saved' : 'common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  const timeRule = (pattern: RegExp) => ({
    validator: (_: unknown, v: string | undefined) =>
      v && pattern.test(v) ? Promise.resolve() : Promise.reject(new Error(t('timeGroup.timeInvalid'))),
  });
  return (
    <FormDrawer
      title={group ? t('timeGroup.edit') : t('timeGroup.create')}
      open={open}
      onClose={onClose}
      size={760}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="timeGroup"
        initialValues={{
          timezone: 'Asia/Shanghai',
          override: 'none',
          weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
          holidays: [],
          workdays: [],
        }}
      >
        <Space wrap align="start">
          <Form.Item name="name" label={t('timeGroup.name')} rules={rules.text(t('timeGroup.name'), 60)}>
            <Input autoComplete="off" style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name="timezone" label={t('timeGroup.timezone')}>
            <Select style={{ width: 200 }} options={TIMEZONES.map((z) => ({ value: z, label: z }))} />
          </Form.Item>
        </Space>

        <Divider plain>{t('timeGroup.weekly')}</Divider>
        <Form.List name="weekly">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} size={6} wrap align="start" data-testid="weekly-row">
                  <Form.Item
                    name={[field.name, 'days']}
                    rules={[rules.requiredSelect(t('timeGroup.days'))]}
                    style={{ marginBottom: 8 }}
                  >
                    <Checkbox.Group options={dayOptions} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'start']} rules={[timeRule(TIME)]} style={{ marginBottom: 8 }}>
                    <Input style={{ width: 72 }} placeholder="09:00" aria-label={t('timeGroup.start')} maxLength={5} />
                  </Form.Item>
                  <span style={{ lineHeight: '32px' }}>–</span>
                  <Form.Item name={[field.name, 'end']} rules={[timeRule(END_TIME)]} style={{ marginBottom: 8 }}>
                    <Input style={{ width: 72 }} placeholder="18:00" aria-label={t('timeGroup.end')} maxLength={5} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' })}
              >
                {t('timeGroup.addWindow')}
              </Button>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
                {t('timeGroup.windowHint')}
              </Typography.Paragraph>
            </>
          )}
        </Form.List>

        <Divider plain>{t('timeGroup.holidays')}</Divider>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={rules.text(t('timeGroup.holidayName'), 60)}
                    style={{ marginBottom: 8 }}
                  >
                    <Input placeholder={t('timeGroup.holidayName')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'range']}
                    rules={[rules.requiredSelect(t('timeGroup.dates'))]}
                    style={{ marginBottom: 8 }}
                  >
                    <DatePicker.RangePicker />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                {t('timeGroup.addHoliday')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider plain>{t('timeGroup.workdays')}</Divider>
        <Form.List name="workdays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} wrap align="start">
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={rules.text(t('timeGroup.holidayName'), 60)}
                    style={{ marginBottom: 8 }}
                  >
                    <Input placeholder={t('timeGroup.workdayName')} style={{ width: 180 }} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'date']}
                    rules={[rules.requiredSelect(t('timeGroup.dates'))]}
                    style={{ marginBottom: 8 }}
                  >
                    <DatePicker />
                  </Form.Item>
                  <Form.Item name={[field.name, 'asDay']} label={t('timeGroup.asDay')} style={{ marginBottom: 8 }}>
                    <Select style={{ width: 110 }} options={dayOptions} />
                  </Form.Item>
                  <Button
                    type="text"
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() => remove(field.name)}
                  />
                </Space>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ asDay: 1 })}>
                {t('timeGroup.addWorkday')}
              </Button>
            </>
          )}
        </Form.List>

        <Divider plain>{t('timeGroup.override')}</Divider>
        <Form.Item name="override" tooltip={t('timeGroup.overrideHint')}>
          <Radio.Group
            optionType="button"
            options={(['none', 'open', 'closed'] as const).map((o) => ({
              value: o,
              label: t(`timeGroup.overrides.${o}`),
            }))}
          />
        </Form.Item>
        {override && override !== 'none' && (
          <Form.Item
            name="overrideUntil"
            label={t('timeGroup.overrideUntil')}
            tooltip={t('timeGroup.overrideUntilHint')}
          >
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
        )}
      </Form>
    </FormDrawer>
  );
}
