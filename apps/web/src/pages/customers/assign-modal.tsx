import { Alert, App, Form, InputNumber, Modal, Radio, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { type AssignRequest, useAssign } from '../../api/crm.ts';
import { useUserOptions } from '../../api/resources.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { AgentSelect } from './agent-select.tsx';
import { agentLabel } from './crm-utils.ts';

interface Values {
  mode: 'even' | 'count';
  agentIds: string[];
  counts?: Record<string, number | null>;
}

interface Props {
  open: boolean;
  /** Selected customers; empty = the unassigned customers matching `filter`. */
  customerIds: string[];
  filter: Record<string, string | undefined>;
  onClose: () => void;
  onDone: () => void;
}

/** 分配: to chosen agents, evenly (round-robin) or a count per agent. */
export function AssignModal({ open, customerIds, filter, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const assign = useAssign();
  const users = useUserOptions(open);
  const mode = Form.useWatch('mode', form);
  const agentIds = Form.useWatch('agentIds', form) ?? [];
  const nameOf = (id: string) => {
    const u = users.data?.find((x) => x.id === id);
    return u ? agentLabel(u) : id;
  };

  const submit = async () => {
    const v = await form.validateFields();
    const body: AssignRequest = { mode: v.mode };
    if (customerIds.length > 0) body.customerIds = customerIds;
    if (v.mode === 'even') body.agentIds = v.agentIds;
    else body.counts = v.agentIds.map((agentId) => ({ agentId, count: v.counts?.[agentId] ?? 1 }));
    const payload =
      customerIds.length > 0
        ? body
        : {
            ...body,
            filter: Object.fromEntries(Object.entries(filter).filter(([, x]) => x !== undefined && x !== '')),
          };
    try {
      const result = await assign.mutateAsync(payload);
      void message.success(t('customerAssign.assigned', { count: result.assigned }));
      form.resetFields();
      onDone();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Modal
      title={t('customerAssign.title')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('customerAssign.assign')}
      okButtonProps={{ 'data-testid': 'assign-submit' } as Record<`data-${string}`, string>}
      confirmLoading={assign.isPending}
      destroyOnHidden
    >
      <Alert
        style={{ marginBottom: 16 }}
        type={customerIds.length ? 'info' : 'warning'}
        showIcon
        title={
          customerIds.length
            ? t('customerAssign.selectedHint', { count: customerIds.length })
            : t('customerAssign.filterHint')
        }
      />
      <Form form={form} layout="vertical" name="assign" initialValues={{ mode: 'even', agentIds: [] }} preserve={false}>
        <Form.Item name="mode" label={t('customerAssign.mode')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'even', label: t('customerAssign.even') },
              { value: 'count', label: t('customerAssign.byCount') },
            ]}
          />
        </Form.Item>
        <Form.Item
          name="agentIds"
          label={t('customerAssign.agents')}
          rules={[{ required: true, type: 'array', min: 1, message: t('customerAssign.chooseAgents') }]}
        >
          <AgentSelect multiple data-testid="assign-agents" />
        </Form.Item>
        {mode === 'count' &&
          agentIds.map((id) => (
            <Space key={id} style={{ display: 'flex', marginBottom: 8 }} align="baseline">
              <Typography.Text style={{ width: 180, display: 'inline-block' }}>{nameOf(id)}</Typography.Text>
              <Form.Item name={['counts', id]} noStyle initialValue={1} rules={[rules.integer(1, 100000)]}>
                <InputNumber
                  min={1}
                  max={100000}
                  precision={0}
                  aria-label={`${t('customerAssign.count')} ${nameOf(id)}`}
                />
              </Form.Item>
            </Space>
          ))}
      </Form>
    </Modal>
  );
}
