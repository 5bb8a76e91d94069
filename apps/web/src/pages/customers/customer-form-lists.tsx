import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { CustomerPhone } from '@hujiao/shared';
import { Button, Form, Input, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fitWidth } from '../../utils/fit-width.ts';
import { makeRules } from '../../utils/rules.ts';
import { CRM_PHONE_PATTERN } from './crm-utils.ts';

/** 归属地 (and carrier) of a stored phone, plus a blacklist mark. */
export function PhoneRegion({ phone }: { phone: CustomerPhone | undefined }) {
  const { t } = useTranslation();
  if (!phone) return null;
  const region = [phone.region, phone.carrier].filter(Boolean).join(' ');
  return (
    <Space size={4}>
      {region && (
        <Typography.Text type="secondary" data-testid="phone-region">
          {region}
        </Typography.Text>
      )}
      {phone.blacklisted && <Tag color="red">{t('customer.blacklisted')}</Tag>}
    </Space>
  );
}

/** Up to 10 phones: number + kind, with the stored region next to numbers that did not change. */
export function PhoneList({ stored }: { stored: CustomerPhone[] }) {
  const { t } = useTranslation();
  const rules = makeRules(t);
  return (
    <Form.List name="phones">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field, index) => (
            <Space key={field.key} align="baseline" wrap>
              <Form.Item
                name={[field.name, 'number']}
                rules={[
                  rules.required(t('customer.phone')),
                  { pattern: CRM_PHONE_PATTERN, message: t('crm.validation.phone') },
                ]}
              >
                <Input
                  placeholder={t('customer.phone')}
                  aria-label={`${t('customer.phone')} ${index + 1}`}
                  style={{ width: 200 }}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'label']} rules={[rules.max(t('customer.phoneLabel'), 20)]}>
                <Input
                  placeholder={t('customer.phoneLabelPlaceholder')}
                  style={{ width: fitWidth(t('customer.phoneLabelPlaceholder'), 120, 28) }}
                />
              </Form.Item>
              <Form.Item shouldUpdate noStyle>
                {({ getFieldValue }) => {
                  const number = String(getFieldValue(['phones', field.name, 'number']) ?? '').trim();
                  return <PhoneRegion phone={stored.find((p) => p.raw === number)} />;
                }}
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => remove(field.name)}
                aria-label={t('common.delete')}
              />
            </Space>
          ))}
          {fields.length < 10 && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ number: '', label: '' })}>
              {t('customer.addPhone')}
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}

/** Contacts (联系人): name, title, phone, email. */
export function ContactList() {
  const { t } = useTranslation();
  const rules = makeRules(t);
  return (
    <Form.List name="contacts">
      {(fields, { add, remove }) => (
        <>
          {fields.map((field) => (
            <Space key={field.key} align="baseline" wrap>
              <Form.Item name={[field.name, 'name']} rules={rules.text(t('customer.contactName'), 40)}>
                <Input placeholder={t('customer.contactName')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'title']} rules={[rules.max(t('customer.contactTitle'), 40)]}>
                <Input placeholder={t('customer.contactTitle')} style={{ width: 110 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'phone']} rules={[rules.max(t('customer.contactPhone'), 30)]}>
                <Input placeholder={t('customer.contactPhone')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'email']} rules={rules.email()}>
                <Input placeholder={t('customer.contactEmail')} style={{ width: 160 }} />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                onClick={() => remove(field.name)}
                aria-label={t('common.delete')}
              />
            </Space>
          ))}
          {fields.length < 50 && (
            <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ name: '' })}>
              {t('customer.addContact')}
            </Button>
          )}
        </>
      )}
    </Form.List>
  );
}
