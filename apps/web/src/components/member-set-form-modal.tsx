import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { makeRules, undefinedIfEmpty } from '../utils/rules.ts';
import { useApiError } from '../utils/use-api-error.ts';
import { UserSelect } from './user-select.tsx';

/** A named set of users: a team (班组, with a leader) or a user group (用户组). */
export interface MemberSet {
  id: string;
  name: string;
  description: string | null;
  memberIds: string[];
  leaderId?: string | null;
}

export interface MemberSetBody {
  name: string;
  description?: string;
  memberIds: string[];
  leaderId?: string | null;
}

interface Mutation<V> {
  mutateAsync(variables: V): Promise<unknown>;
  isPending: boolean;
}

interface Props {
  open: boolean;
  record: MemberSet | null;
  onClose: () => void;
  /** i18n namespace with name, description, members (and leader), create, edit. */
  ns: 'team' | 'userGroup';
  withLeader: boolean;
  create: Mutation<MemberSetBody>;
  update: Mutation<{ id: string; body: MemberSetBody }>;
}

type Values = Required<Pick<MemberSetBody, 'name' | 'memberIds'>> & Pick<MemberSetBody, 'description' | 'leaderId'>;

export function MemberSetFormModal({ open, record, onClose, ns, withLeader, create, update }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue({
      name: record?.name ?? '',
      description: record?.description ?? '',
      memberIds: record?.memberIds ?? [],
      ...(withLeader ? { leaderId: record?.leaderId ?? null } : {}),
    });
  }, [open, record, form, withLeader]);

  const submit = async () => {
    const v = await form.validateFields();
    const body: MemberSetBody = {
      name: v.name.trim(),
      description: undefinedIfEmpty(v.description),
      memberIds: v.memberIds ?? [],
      ...(withLeader ? { leaderId: v.leaderId ?? null } : {}),
    };
    try {
      if (record) {
        await update.mutateAsync({ id: record.id, body });
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
      title={record ? t(`${ns}.edit`) : t(`${ns}.create`)}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" name={ns}>
        <Form.Item name="name" label={t(`${ns}.name`)} rules={rules.text(t(`${ns}.name`), 40)}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t(`${ns}.description`)} rules={[rules.max(t(`${ns}.description`), 200)]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        {withLeader && (
          <Form.Item name="leaderId" label={t('team.leader')}>
            <UserSelect enabled={open} />
          </Form.Item>
        )}
        <Form.Item name="memberIds" label={t(`${ns}.members`)}>
          <UserSelect multiple enabled={open} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
