import { App, Checkbox, Form, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { useRecycle, useTransfer } from '../../api/crm.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { AgentSelect } from './agent-select.tsx';

interface Props {
  open: boolean;
  customerIds: string[];
  onClose: () => void;
  onDone: () => void;
}

/** 回收: the selected customers, or all of one agent's, back to the pool or to "unassigned". */
export function RecycleModal({ open, customerIds, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<{ fromAgentId?: string | null; target: 'pool' | 'unassigned' }>();
  const recycle = useRecycle();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await recycle.mutateAsync({
        ...(customerIds.length ? { customerIds } : { fromAgentId: v.fromAgentId ?? undefined }),
        toPublicPool: v.target === 'pool',
      });
      void message.success(t('customerAssign.recycled', { count: r.count }));
      onDone();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={t('customerAssign.recycleTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={recycle.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="recycle" initialValues={{ target: 'pool' }} preserve={false}>
        {customerIds.length > 0 ? (
          <p>{t('customerAssign.recycleSelected', { count: customerIds.length })}</p>
        ) : (
          <Form.Item
            name="fromAgentId"
            label={t('customerAssign.recycleFrom')}
            rules={[{ required: true, message: t('customerAssign.chooseAgents') }]}
          >
            <AgentSelect />
          </Form.Item>
        )}
        <Form.Item name="target" label={t('customerAssign.recycleTarget')}>
          <Radio.Group
            options={[
              { value: 'pool', label: t('customerAssign.toPool') },
              { value: 'unassigned', label: t('customerAssign.toUnassigned') },
            ]}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 资料转移: all (or the selected) customers of agent A to agent B. */
export function TransferModal({ open, customerIds, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const [form] = Form.useForm<{ fromAgentId: string; toAgentId: string; onlySelected?: boolean }>();
  const transfer = useTransfer();
  const submit = async () => {
    const v = await form.validateFields();
    try {
      const r = await transfer.mutateAsync({
        fromAgentId: v.fromAgentId,
        toAgentId: v.toAgentId,
        ...(v.onlySelected && customerIds.length ? { customerIds } : {}),
      });
      void message.success(t('customerAssign.transferred', { count: r.count }));
      onDone();
    } catch (err) {
      onError(err, form);
    }
  };
  const required = { required: true, message: t('customerAssign.chooseAgents') };
  return (
    <Modal
      title={t('customerAssign.transferTitle')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={transfer.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        name="transfer"
        initialValues={{ onlySelected: customerIds.length > 0 }}
        preserve={false}
      >
        <Form.Item name="fromAgentId" label={t('customerAssign.fromAgent')} rules={[required]}>
          <AgentSelect />
        </Form.Item>
        <Form.Item
          name="toAgentId"
          label={t('customerAssign.toAgent')}
          dependencies={['fromAgentId']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_r, v: unknown) =>
                v && v === getFieldValue('fromAgentId')
                  ? Promise.reject(new Error(t('customerAssign.sameAgent')))
                  : Promise.resolve(),
            }),
          ]}
        >
          <AgentSelect />
        </Form.Item>
        {customerIds.length > 0 && (
          <Form.Item name="onlySelected" valuePropName="checked">
            <Checkbox>{t('customerAssign.onlySelected', { count: customerIds.length })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
