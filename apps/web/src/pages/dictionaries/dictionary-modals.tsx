import type { DictionaryItem, DictionaryType } from '@hujiao/shared';
import { App, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useCreateDictionary,
  useCreateDictionaryItem,
  useUpdateDictionary,
  useUpdateDictionaryItem,
} from '../../api/crm.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { DICTIONARY_CODE_PATTERN } from '../customers/crm-utils.ts';

/** New/edit dictionary type: code (immutable) and name. */
export function TypeModal({
  state,
  onClose,
}: {
  state: { open: boolean; type: DictionaryType | null };
  onClose: (created?: DictionaryType) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ code: string; name: string }>();
  const create = useCreateDictionary();
  const update = useUpdateDictionary();
  useEffect(() => {
    if (!state.open) return;
    form.resetFields();
    if (state.type) form.setFieldsValue({ code: state.type.code, name: state.type.name });
  }, [state, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      if (state.type) {
        await update.mutateAsync({ id: state.type.id, body: { name: v.name.trim() } });
        onClose();
      } else {
        onClose(await create.mutateAsync({ code: v.code.trim(), name: v.name.trim() }));
      }
      void message.success(t('common.saved'));
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={state.type ? t('dictionary.editType') : t('dictionary.createType')}
      open={state.open}
      onCancel={() => onClose()}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="dictionary-type">
        <Form.Item
          name="code"
          label={t('dictionary.code')}
          rules={[
            rules.required(t('dictionary.code')),
            { pattern: DICTIONARY_CODE_PATTERN, message: t('crm.validation.dictionaryCode') },
          ]}
        >
          <Input disabled={state.type !== null} autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label={t('dictionary.name')} rules={rules.text(t('dictionary.name'), 40)}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ItemValues {
  value: string;
  label: string;
  sort: number;
  enabled: boolean;
}

/** New/edit dictionary item: value, label, order, enabled. */
export function ItemModal({
  typeId,
  state,
  onClose,
}: {
  typeId: string | null;
  state: { open: boolean; item: DictionaryItem | null };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<ItemValues>();
  const create = useCreateDictionaryItem();
  const update = useUpdateDictionaryItem();
  useEffect(() => {
    if (!state.open) return;
    form.resetFields();
    if (state.item) form.setFieldsValue(state.item);
  }, [state, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = { value: v.value.trim(), label: v.label.trim(), sort: v.sort ?? 0, enabled: v.enabled };
    try {
      if (state.item) await update.mutateAsync({ id: state.item.id, body });
      else if (typeId) await create.mutateAsync({ typeId, body });
      void message.success(t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Modal
      title={state.item ? t('dictionary.editItem') : t('dictionary.createItem')}
      open={state.open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="dictionary-item" initialValues={{ sort: 0, enabled: true }}>
        <Form.Item
          name="value"
          label={t('dictionary.value')}
          rules={rules.text(t('dictionary.value'), 60)}
          extra={state.item ? t('dictionary.valueImmutable') : undefined}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="label" label={t('dictionary.label')} rules={rules.text(t('dictionary.label'), 60)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="sort" label={t('dictionary.sort')} rules={[rules.integer(0, 9999)]}>
          <InputNumber min={0} max={9999} precision={0} />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
