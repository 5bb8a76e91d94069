import type { UserGroup } from '@hujiao/shared';
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUserGroup, useUpdateUserGroup } from '../../api/resources.ts';
import { UserSelect } from '../../components/user-select.tsx';
import { makeRules, undefinedIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  description?: string;
  memberIds: string[];
}

interface Props {
  open: boolean;
  group: UserGroup | null;
  onClose: () => void;
}

export function UserGroupFormModal({ open, group, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateUserGroup();
  const update = useUpdateUserGroup();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      group
        ? { name: group.name, description: group.description ?? '', memberIds: group.memberIds }
        : { name: '', description: '', memberIds: [] },
    );
  }, [open, group, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      description: undefinedIfEmpty(v.description),
      memberIds: v.memberIds ?? [],
    };
    try {
      if (group) {
        await update.mutateAsync({ id: group.id, body });
        void message.success(t('common.saved'));
      } else {
        await create.mutateAsync(body);
        void message.success(t('common.created'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <Modal
      title={group ? t('userGroup.edit') : t('userGroup.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" name="user-group">
        <Form.Item name="name" label={t('userGroup.name')} rules={rules.text(t('userGroup.name'), 40)}>
          <Input />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('userGroup.description')}
          rules={[rules.max(t('userGroup.description'), 200)]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="memberIds" label={t('userGroup.members')}>
          <UserSelect multiple enabled={open} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
