import type { Customer, CustomerDetail } from '@hujiao/shared';
import { App, Checkbox, Col, Divider, Form, Input, Row, Select, Spin } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCustomer, useCustomer, useCustomFields, useDictionary, useUpdateCustomer } from '../../api/crm.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from './agent-select.tsx';
import { setNestedFieldErrors } from './crm-utils.ts';
import { CustomFieldInput, customFieldRules, fromFieldValue, toFieldValue } from './custom-field-input.tsx';
import { ContactList, PhoneList } from './customer-form-lists.tsx';

interface Values {
  name: string;
  company?: string;
  gender?: Customer['gender'];
  email?: string;
  address?: string;
  remark?: string;
  source?: string | null;
  tags?: string[];
  followUpStatus?: string | null;
  ownerId?: string | null;
  phones?: Array<{ number: string; label?: string }>;
  contacts?: Array<{ name: string; title?: string; phone?: string; email?: string }>;
  customFields?: Record<string, unknown>;
  allowDuplicate?: boolean;
}

interface Props {
  open: boolean;
  /** The customer to edit (the detail is loaded), or null to create. */
  customerId: string | null;
  onClose: () => void;
  onSaved?: (c: CustomerDetail) => void;
}

/** Add/edit a customer: system fields, phones (归属地), contacts, tags and the caller's readable custom fields. */
export function CustomerFormDrawer({ open, customerId, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const detail = useCustomer(open ? customerId : null);
  const fields = useCustomFields(open);
  const create = useCreateCustomer();
  const update = useUpdateCustomer();
  const source = useDictionary('customerSource');
  const status = useDictionary('followUpStatus');
  const tags = useDictionary('customerTag');
  const visible = useMemo(() => (fields.data ?? []).filter((f) => f.enabled && f.readable), [fields.data]);
  const editing = customerId !== null;
  const c = detail.data;

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (editing && c) {
      const cf: Record<string, unknown> = {};
      for (const f of visible) cf[f.key] = fromFieldValue(f, c.customFields[f.key]);
      form.setFieldsValue({
        name: c.name,
        company: c.company ?? '',
        gender: c.gender,
        email: c.email ?? '',
        address: c.address ?? '',
        remark: c.remark ?? '',
        source: c.source,
        tags: c.tags,
        followUpStatus: c.followUpStatus,
        ownerId: c.ownerId,
        phones: c.phones.map((p) => ({ number: p.raw, label: p.label ?? '' })),
        contacts: c.contacts.map((k) => ({
          name: k.name,
          title: k.title ?? '',
          phone: k.phone ?? '',
          email: k.email ?? '',
        })),
        customFields: cf,
      });
    }
  }, [open, editing, c, visible, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const customFields: Record<string, string | number | string[] | null> = {};
    for (const f of visible) {
      if (f.writable) customFields[f.key] = toFieldValue(f, v.customFields?.[f.key]);
    }
    const body = {
      name: v.name.trim(),
      company: nullIfEmpty(v.company),
      gender: v.gender ?? null,
      email: nullIfEmpty(v.email),
      address: nullIfEmpty(v.address),
      remark: nullIfEmpty(v.remark),
      source: v.source ?? null,
      tags: v.tags ?? [],
      followUpStatus: v.followUpStatus ?? null,
      phones: (v.phones ?? []).map((p) => ({ number: p.number.trim(), label: nullIfEmpty(p.label) })),
      contacts: (v.contacts ?? []).map((k) => ({
        name: k.name.trim(),
        title: nullIfEmpty(k.title),
        phone: nullIfEmpty(k.phone),
        email: nullIfEmpty(k.email),
      })),
      customFields,
      ...(can('customer:assign') ? { ownerId: v.ownerId ?? null } : {}),
    };
    try {
      const saved = editing
        ? await update.mutateAsync({ id: customerId, body })
        : await create.mutateAsync({ ...body, allowDuplicate: v.allowDuplicate ?? false });
      void message.success(editing ? t('common.saved') : t('common.created'));
      onSaved?.(saved);
      onClose();
    } catch (err) {
      setNestedFieldErrors(form, err);
      onError(err);
    }
  };

  return (
    <FormDrawer
      title={editing ? t('customer.edit') : t('customer.create')}
      open={open}
      onClose={onClose}
      size={720}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Spin spinning={editing && detail.isPending}>
        <Form
          form={form}
          layout="vertical"
          name="customer"
          initialValues={{ phones: [{ number: '', label: '' }], tags: [] }}
        >
          <Divider titlePlacement="start">{t('customer.basicInfo')}</Divider>
          <Row gutter={16}>
            <Col span={12}>
              <Form.Item name="name" label={t('customer.name')} rules={rules.text(t('customer.name'), 80)}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="company" label={t('customer.company')} rules={[rules.max(t('customer.company'), 120)]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="gender" label={t('customer.gender')}>
                <Select
                  allowClear
                  options={(['male', 'female', 'unknown'] as const).map((g) => ({
                    value: g,
                    label: t(`customer.genders.${g}`),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="email" label={t('customer.email')} rules={rules.email()}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="source" label={t('customer.source')}>
                <Select allowClear options={source.options} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="followUpStatus" label={t('customer.followUpStatus')}>
                <Select allowClear options={status.options} />
              </Form.Item>
            </Col>
            <Col span={can('customer:assign') ? 12 : 24}>
              <Form.Item
                name="tags"
                label={t('customer.tags')}
                rules={[
                  { type: 'array', max: 30 },
                  {
                    validator: (_r, v: string[] | undefined) =>
                      (v ?? []).every((s) => s.trim().length <= 30)
                        ? Promise.resolve()
                        : Promise.reject(new Error(t('validation.maxLength', { field: t('customer.tags'), max: 30 }))),
                  },
                ]}
              >
                <Select mode="tags" allowClear options={tags.options} tokenSeparators={[',', ',']} />
              </Form.Item>
            </Col>
            {can('customer:assign') && (
              <Col span={12}>
                <Form.Item name="ownerId" label={t('customer.owner')}>
                  <AgentSelect placeholder={t('customer.noOwner')} />
                </Form.Item>
              </Col>
            )}
            <Col span={24}>
              <Form.Item name="address" label={t('customer.address')} rules={[rules.max(t('customer.address'), 200)]}>
                <Input autoComplete="off" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="remark" label={t('customer.remark')} rules={[rules.max(t('customer.remark'), 2000)]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            </Col>
          </Row>
          <Divider titlePlacement="start">{t('customer.phones')}</Divider>
          <PhoneList stored={c?.phones ?? []} />
          {!editing && (
            <Form.Item name="allowDuplicate" valuePropName="checked" style={{ marginTop: 8 }}>
              <Checkbox>{t('customer.allowDuplicate')}</Checkbox>
            </Form.Item>
          )}
          <Divider titlePlacement="start">{t('customer.contacts')}</Divider>
          <ContactList />
          {visible.length > 0 && <Divider titlePlacement="start">{t('customer.customFields')}</Divider>}
          <Row gutter={16}>
            {visible.map((f) => (
              <Col span={12} key={f.key}>
                <Form.Item
                  name={['customFields', f.key]}
                  label={f.label}
                  rules={customFieldRules(f, t)}
                  required={f.required && f.writable}
                >
                  <CustomFieldInput field={f} disabled={!f.writable} />
                </Form.Item>
              </Col>
            ))}
          </Row>
        </Form>
      </Spin>
    </FormDrawer>
  );
}
