import { FilterOutlined } from '@ant-design/icons';
import type { CustomField } from '@hujiao/shared';
import { Badge, Button, Form, Input, Popover, Select, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomFields, useDictionary } from '../../api/crm.ts';
import { fitWidth } from '../../utils/fit-width.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from './agent-select.tsx';
import { CustomFieldInput, fromFieldValue, toFieldValue } from './custom-field-input.tsx';

export interface CustomerFilterValues {
  ownerId?: string;
  tags?: string[];
  importBatch?: string;
  followUpStatus?: string;
  source?: string;
  cf?: Record<string, unknown>;
}

/** The filter values as GET /api/customers (and export) query parameters. */
export function customerParams(v: CustomerFilterValues) {
  return {
    ownerId: v.ownerId,
    tags: v.tags?.length ? v.tags.join(',') : undefined,
    importBatch: v.importBatch?.trim() || undefined,
    followUpStatus: v.followUpStatus,
    source: v.source,
    cf: v.cf && Object.keys(v.cf).length > 0 ? JSON.stringify(v.cf) : undefined,
  };
}

interface Props {
  value: CustomerFilterValues;
  onChange: (value: CustomerFilterValues) => void;
}

/** Owner, tags, import batch, follow-up status, source, and custom fields (equality). */
export function CustomerFilters({ value, onChange }: Props) {
  const { t } = useTranslation();
  const can = useCan();
  const status = useDictionary('followUpStatus');
  const source = useDictionary('customerSource');
  const tags = useDictionary('customerTag');
  const set = (patch: CustomerFilterValues) => onChange({ ...value, ...patch });
  return (
    <>
      {can('user:view') && <OwnerFilter value={value.ownerId} onChange={(ownerId) => set({ ownerId })} />}
      <Select
        mode="tags"
        allowClear
        style={{ minWidth: fitWidth(t('customer.tags'), 140) }}
        maxTagCount="responsive"
        placeholder={t('customer.tags')}
        aria-label={t('customer.tags')}
        value={value.tags}
        onChange={(v: string[]) => set({ tags: v })}
        options={tags.options}
      />
      <Select
        allowClear
        style={{ width: fitWidth([t('customer.followUpStatus'), ...status.options.map((o) => o.label)], 130) }}
        placeholder={t('customer.followUpStatus')}
        aria-label={t('customer.followUpStatus')}
        value={value.followUpStatus}
        onChange={(v: string | undefined) => set({ followUpStatus: v })}
        options={status.options}
      />
      <Select
        allowClear
        style={{ width: fitWidth([t('customer.source'), ...source.options.map((o) => o.label)], 120) }}
        placeholder={t('customer.source')}
        aria-label={t('customer.source')}
        value={value.source}
        onChange={(v: string | undefined) => set({ source: v })}
        options={source.options}
      />
      <Input
        allowClear
        style={{ width: fitWidth(t('customer.importBatch'), 150, 40) }}
        placeholder={t('customer.importBatch')}
        aria-label={t('customer.importBatch')}
        value={value.importBatch}
        onChange={(e) => set({ importBatch: e.target.value })}
        maxLength={60}
      />
      <CustomFieldFilter value={value.cf} onChange={(cf) => set({ cf })} />
    </>
  );
}

function OwnerFilter({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  const { t } = useTranslation();
  return (
    <Space.Compact>
      <Select
        style={{ width: fitWidth([t('customer.owner'), t('customer.noOwner')], 116) }}
        aria-label={t('customer.owner')}
        value={value === 'none' ? 'none' : 'any'}
        onChange={(v: string) => onChange(v === 'none' ? 'none' : undefined)}
        options={[
          { value: 'any', label: t('customer.owner') },
          { value: 'none', label: t('customer.noOwner') },
        ]}
      />
      {value !== 'none' && (
        <AgentSelect
          style={{ width: 150 }}
          placeholder={t('common.all')}
          aria-label={t('crm.agent')}
          value={value ?? null}
          onChange={(v) => onChange((v as string | null) ?? undefined)}
        />
      )}
    </Space.Compact>
  );
}

function CustomFieldFilter({
  value,
  onChange,
}: {
  value?: Record<string, unknown>;
  onChange: (v: Record<string, unknown> | undefined) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<Record<string, unknown>>();
  const fields = useCustomFields();
  const readable = (fields.data ?? []).filter((f: CustomField) => f.enabled && f.readable);
  if (readable.length === 0) return null;
  const count = value ? Object.keys(value).length : 0;
  const apply = () => {
    const raw = form.getFieldsValue();
    const cf: Record<string, unknown> = {};
    for (const f of readable) {
      const v = toFieldValue(f, raw[f.key]);
      if (v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) cf[f.key] = Array.isArray(v) ? v[0] : v;
    }
    onChange(Object.keys(cf).length ? cf : undefined);
    setOpen(false);
  };
  const content = (
    <Form form={form} layout="vertical" style={{ width: 300 }} name="cf-filter">
      {readable.map((f) => (
        <Form.Item key={f.key} name={f.key} label={f.label}>
          <CustomFieldInput field={f} filter />
        </Form.Item>
      ))}
      <Space>
        <Button type="primary" onClick={apply}>
          {t('customer.apply')}
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            onChange(undefined);
            setOpen(false);
          }}
        >
          {t('customer.clear')}
        </Button>
      </Space>
    </Form>
  );
  return (
    <Popover
      trigger="click"
      title={t('customer.cfFilterTitle')}
      open={open}
      onOpenChange={(next) => {
        if (next) {
          form.resetFields();
          const initial: Record<string, unknown> = {};
          for (const f of readable) initial[f.key] = fromFieldValue(f, value?.[f.key]);
          form.setFieldsValue(initial);
        }
        setOpen(next);
      }}
      content={content}
    >
      <Badge count={count} size="small">
        <Button icon={<FilterOutlined />}>
          {count ? t('customer.cfFilterCount', { count }) : t('customer.cfFilter')}
        </Button>
      </Badge>
    </Popover>
  );
}
