import type { Team } from '@hujiao/shared';
import { App, Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateTeam, useUpdateTeam } from '../../api/resources.ts';
import { UserSelect } from '../../components/user-select.tsx';
import { makeRules, undefinedIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  name: string;
  description?: string;
  leaderId?: string | null;
  memberIds: string[];
}

interface Props {
  open: boolean;
  team: Team | null;
  onClose: () => void;
}

export function TeamFormModal({ open, team, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateTeam();
  const update = useUpdateTeam();

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      team
        ? { name: team.name, description: team.description ?? '', leaderId: team.leaderId, memberIds: team.memberIds }
        : { name: '', description: '', leaderId: null, memberIds: [] },
    );
  }, [open, team, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      name: v.name.trim(),
      description: undefinedIfEmpty(v.description),
      leaderId: v.leaderId ?? null,
      memberIds: v.memberIds ?? [],
    };
    try {
      if (team) {
        await update.mutateAsync({ id: team.id, body });
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
      title={team ? t('team.edit') : t('team.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
      width={600}
    >
      <Form form={form} layout="vertical" name="team">
        <Form.Item name="name" label={t('team.name')} rules={rules.text(t('team.name'), 40)}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('team.description')} rules={[rules.max(t('team.description'), 200)]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="leaderId" label={t('team.leader')}>
          <UserSelect enabled={open} />
        </Form.Item>
        <Form.Item name="memberIds" label={t('team.members')}>
          <UserSelect multiple enabled={open} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
