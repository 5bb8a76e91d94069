import { type CustomField, customFieldTypes } from '@hujiao/shared';
import { App, Form, Input, InputNumber, Select, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateCustomField, useDictionaries, useUpdateCustomField } from '../../api/crm.ts';
import { useRoles } from '../../api/resources.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { FIELD_KEY_PATTERN } from '../customers/crm-utils.ts';
import { roleName } from '../roles/role-name.ts';

interface Values {
  key: string;
  label: string;
  type: CustomField['type'];
  dictionaryType?: string | null;
  required: boolean;
  sort: number;
  readRoleIds: string[];
  writeRoleIds: string[];
  enabled: boolean;
}

/** New/edit custom field: key and type fixed once created; dictionary for choices; per-role read/write. */
export function CustomFieldDrawer({
  state,
  onClose,
}: {
  state: { open: boolean; field: CustomField | null };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const can = useCan();
  const [form] = Form.useForm<Values>();
  const dictionaries = useDictionaries(state.open && can('dictionary:view'));
  const roles = useRoles(state.open && can('role:view'));
  const create = useCreateCustomField();
  const update = useUpdateCustomField();
  const type = Form.useWatch('type', form);
  const editing = state.field !== null;
  const choice = type === 'select' || type === 'multiselect';

  useEffect(() => {
    if (!state.open) return;
    form.resetFields();
    if (state.field) form.setFieldsValue(state.field);
  }, [state, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      label: v.label.trim(),
      dictionaryType: choice ? (v.dictionaryType ?? null) : null,
      required: v.required,
      sort: v.sort ?? 0,
      readRoleIds: v.readRoleIds ?? [],
      writeRoleIds: v.writeRoleIds ?? [],
      enabled: v.enabled,
    };
    try {
      if (state.field) await update.mutateAsync({ id: state.field.id, body });
      else await create.mutateAsync({ ...body, key: v.key.trim(), type: v.type });
      void message.success(t('common.saved'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  const roleOptions = (roles.data ?? []).map((r) => ({ value: r.id, label: roleName(r, t) }));

  return (
    <FormDrawer
      title={editing ? t('customField.edit') : t('customField.create')}
      open={state.open}
      onClose={onClose}
      size={520}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="custom-field"
        initialValues={{ type: 'text', required: false, sort: 0, readRoleIds: [], writeRoleIds: [], enabled: true }}
      >
        <Form.Item
          name="key"
          label={t('customField.key')}
          extra={t('customField.keyImmutable')}
          rules={[
            rules.required(t('customField.key')),
            { pattern: FIELD_KEY_PATTERN, message: t('crm.validation.fieldKey') },
          ]}
        >
          <Input disabled={editing} autoComplete="off" />
        </Form.Item>
        <Form.Item name="label" label={t('customField.label')} rules={rules.text(t('customField.label'), 40)}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="type" label={t('customField.type')}>
          <Select
            disabled={editing}
            options={customFieldTypes.map((ft) => ({ value: ft, label: t(`customField.types.${ft}`) }))}
          />
        </Form.Item>
        {choice && (
          <Form.Item
            name="dictionaryType"
            label={t('customField.dictionaryType')}
            rules={[rules.requiredSelect(t('customField.dictionaryType'))]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={(dictionaries.data ?? []).map((d) => ({ value: d.code, label: `${d.name} (${d.code})` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="required" label={t('customField.required')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="sort" label={t('customField.sort')} rules={[rules.integer(0, 9999)]}>
          <InputNumber min={0} max={9999} precision={0} />
        </Form.Item>
        <Form.Item name="readRoleIds" label={t('customField.readRoles')} extra={t('customField.rolesHint')}>
          <Select mode="multiple" allowClear placeholder={t('customField.everyone')} options={roleOptions} />
        </Form.Item>
        <Form.Item name="writeRoleIds" label={t('customField.writeRoles')} extra={t('customField.rolesHint')}>
          <Select mode="multiple" allowClear placeholder={t('customField.everyone')} options={roleOptions} />
        </Form.Item>
        <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
          <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
