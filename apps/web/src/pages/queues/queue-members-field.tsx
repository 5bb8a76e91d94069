import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { User } from '@hujiao/shared';
import { Button, Empty, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOptions } from '../../api/crud.ts';
import { makeRules } from '../../utils/rules.ts';

/** 成员: agents of the enterprise, each with a level (1 = first) and an order, one row each. */
export function QueueMembersField({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation();
  const rules = makeRules(t);
  const users = useOptions<User>('users', enabled);
  const form = Form.useFormInstance();
  const chosen = new Set(
    ((Form.useWatch('members', form) as Array<{ agentId?: string }> | undefined) ?? []).map((m) => m?.agentId),
  );
  const label = (u: User) => (u.agentNo ? `${u.agentNo} ${u.name}` : u.name);
  return (
    <Form.List name="members">
      {(fields, { add, remove }) => (
        <div data-testid="queue-members">
          {fields.length === 0 && (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('queue.noMembers')} style={{ margin: 8 }} />
          )}
          {fields.length > 0 && (
            <Space style={{ marginBottom: 4 }}>
              <Typography.Text type="secondary" style={{ display: 'inline-block', width: 260 }}>
                {t('queue.agent')}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'inline-block', width: 100 }}>
                {t('queue.level')}
              </Typography.Text>
              <Typography.Text type="secondary">{t('queue.order')}</Typography.Text>
            </Space>
          )}
          {fields.map((field, i) => (
            <Space key={field.key} align="start" data-testid={`queue-member-${i}`}>
              <Form.Item
                name={[field.name, 'agentId']}
                rules={[rules.requiredSelect(t('queue.agent'))]}
                style={{ marginBottom: 8 }}
              >
                <Select
                  showSearch={{ optionFilterProp: 'label' }}
                  style={{ width: 260 }}
                  aria-label={t('queue.agent')}
                  placeholder={t('queue.agent')}
                  loading={users.isLoading}
                  options={(users.data ?? []).map((u) => ({
                    value: u.id,
                    label: label(u),
                    disabled: chosen.has(u.id) && form.getFieldValue(['members', field.name, 'agentId']) !== u.id,
                  }))}
                />
              </Form.Item>
              <Form.Item name={[field.name, 'level']} rules={[rules.integer(1, 99)]} style={{ marginBottom: 8 }}>
                <InputNumber min={1} max={99} aria-label={t('queue.level')} style={{ width: 100 }} />
              </Form.Item>
              <Form.Item name={[field.name, 'order']} rules={[rules.integer(0, 100000)]} style={{ marginBottom: 8 }}>
                <InputNumber min={0} max={100000} aria-label={t('queue.order')} style={{ width: 100 }} />
              </Form.Item>
              <Button
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={() => remove(field.name)}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({ level: 1, order: fields.length })}
            style={{ marginTop: 4 }}
          >
            {t('queue.addMember')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
