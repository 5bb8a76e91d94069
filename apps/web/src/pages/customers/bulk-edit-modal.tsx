import { Alert, App, Checkbox, Form, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { type BulkUpdateBody, useBulkUpdateCustomers, useDictionary } from '../../api/crm.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { AgentSelect } from './agent-select.tsx';

interface Values {
  ownerId?: string | null;
  clearOwner?: boolean;
  addTags?: string[];
  removeTags?: string[];
  followUpStatus?: string;
  source?: string;
}

interface Props {
  open: boolean;
  ids: string[];
  onClose: () => void;
  onDone: () => void;
}

/** 批量修改: owner (with customer:assign), add/remove tags, follow-up status, source; empty items stay unchanged. */
export function BulkEditModal({ open, ids, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const onError = useApiError();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const bulk = useBulkUpdateCustomers();
  const status = useDictionary('followUpStatus');
  const source = useDictionary('customerSource');
  const tags = useDictionary('customerTag');
  const clearOwner = Form.useWatch('clearOwner', form);
  const tagRule = {
    validator: (_r: unknown, v: string[] | undefined) =>
      (v ?? []).length <= 30 && (v ?? []).every((s) => s.trim().length > 0 && s.trim().length <= 30)
        ? Promise.resolve()
        : Promise.reject(new Error(t('validation.maxLength', { field: t('customer.tags'), max: 30 }))),
  };

  const submit = async () => {
    const v = await form.validateFields();
    const body: BulkUpdateBody = { ids };
    if (v.clearOwner) body.ownerId = null;
    else if (v.ownerId) body.ownerId = v.ownerId;
    if (v.addTags?.length) body.addTags = v.addTags.map((s) => s.trim());
    if (v.removeTags?.length) body.removeTags = v.removeTags.map((s) => s.trim());
    if (v.followUpStatus) body.followUpStatus = v.followUpStatus;
    if (v.source) body.source = v.source;
    try {
      const r = await bulk.mutateAsync(body);
      void message.success(t('customer.bulkUpdated', { count: r.count }));
      onDone();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Modal
      title={t('customer.bulkTitle', { count: ids.length })}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={bulk.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon title={t('customer.bulkHint')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical" name="bulk-edit" preserve={false}>
        {can('customer:assign') && (
          <>
            <Form.Item name="ownerId" label={t('customer.owner')} hidden={clearOwner === true}>
              <AgentSelect placeholder={t('common.none')} />
            </Form.Item>
            <Form.Item name="clearOwner" valuePropName="checked">
              <Checkbox>{t('customer.clearOwner')}</Checkbox>
            </Form.Item>
          </>
        )}
        <Form.Item name="addTags" label={t('customer.addTags')} rules={[tagRule]}>
          <Select mode="tags" allowClear options={tags.options} />
        </Form.Item>
        <Form.Item name="removeTags" label={t('customer.removeTags')} rules={[tagRule]}>
          <Select mode="tags" allowClear options={tags.options} />
        </Form.Item>
        <Form.Item name="followUpStatus" label={t('customer.followUpStatus')}>
          <Select allowClear options={status.options} />
        </Form.Item>
        <Form.Item name="source" label={t('customer.source')}>
          <Select allowClear options={source.options} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
