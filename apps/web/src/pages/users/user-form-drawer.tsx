import type { User } from '@hujiao/shared';
import { App, Col, Form, Input, Row, Select, Switch, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateUser, useDepartments, useRoles, useTeamOptions, useUpdateUser } from '../../api/resources.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules, nullIfEmpty } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { useCan } from '../../utils/use-can.ts';
import { buildDepartmentTree, departmentTreeOptions } from '../departments/department-tree.ts';
import { roleName } from '../roles/role-name.ts';

interface Values {
  username?: string;
  agentNo?: string;
  name: string;
  password?: string;
  mobile?: string;
  email?: string;
  agentType: 'agent' | 'teamLeader' | 'none';
  departmentId?: string | null;
  teamId?: string | null;
  roleIds: string[];
  enabled: boolean;
}

interface Props {
  open: boolean;
  user: User | null;
  onClose: () => void;
}

export function UserFormDrawer({ open, user, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const can = useCan();
  const departments = useDepartments(open && can('department:view'));
  const roles = useRoles(open && can('role:view'));
  const teams = useTeamOptions(open && can('team:view'));
  const create = useCreateUser();
  const update = useUpdateUser();
  const deptOptions = useMemo(
    () => departmentTreeOptions(buildDepartmentTree(departments.data ?? [])),
    [departments.data],
  );

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (user) {
      form.setFieldsValue({
        username: user.username ?? '',
        agentNo: user.agentNo ?? '',
        name: user.name,
        mobile: user.mobile ?? '',
        email: user.email ?? '',
        agentType: user.agentType ?? 'none',
        departmentId: user.departmentId,
        teamId: user.teamId,
        roleIds: user.roleIds,
        enabled: user.enabled,
      });
    }
  }, [open, user, form]);

  const loginNameRule = ({ getFieldValue }: { getFieldValue: (name: string) => unknown }) => ({
    validator: () => {
      const filled = ['username', 'agentNo', 'mobile'].some((f) => String(getFieldValue(f) ?? '').trim() !== '');
      return filled ? Promise.resolve() : Promise.reject(new Error(t('validation.loginName')));
    },
  });

  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      username: nullIfEmpty(v.username),
      agentNo: nullIfEmpty(v.agentNo),
      name: v.name.trim(),
      mobile: nullIfEmpty(v.mobile),
      email: nullIfEmpty(v.email),
      agentType: v.agentType === 'none' ? null : v.agentType,
      departmentId: v.departmentId ?? null,
      teamId: v.teamId ?? null,
      roleIds: v.roleIds ?? [],
      enabled: v.enabled,
    };
    try {
      if (user) {
        await update.mutateAsync({ id: user.id, body });
        void message.success(t('common.saved'));
      } else {
        await create.mutateAsync({ ...body, password: v.password ?? '' });
        void message.success(t('common.created'));
      }
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };

  return (
    <FormDrawer
      title={user ? t('user.edit') : t('user.create')}
      open={open}
      onClose={onClose}
      size={640}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form
        form={form}
        layout="vertical"
        name="user"
        initialValues={{ agentType: 'agent', roleIds: [], enabled: true }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="agentNo" label={t('user.agentNo')} rules={[...rules.agentNo(), loginNameRule]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="name" label={t('user.name')} rules={rules.text(t('user.name'), 40)}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="username"
              label={t('user.username')}
              rules={[...rules.account(), loginNameRule]}
              dependencies={['agentNo', 'mobile']}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="mobile" label={t('user.mobile')} tooltip={t('user.mobileHint')} rules={rules.mobile()}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          {!user && (
            <Col span={12}>
              <Form.Item name="password" label={t('user.password')} rules={rules.password(t('user.password'))}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            </Col>
          )}
          <Col span={12}>
            <Form.Item name="email" label={t('user.email')} rules={rules.email()}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agentType" label={t('user.agentType')}>
              <Select
                options={(['agent', 'teamLeader', 'none'] as const).map((v) => ({
                  value: v,
                  label: t(`user.agentTypes.${v}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="departmentId" label={t('user.department')}>
              <TreeSelect allowClear treeDefaultExpandAll treeData={deptOptions} loading={departments.isPending} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="teamId" label={t('user.team')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={teams.isPending}
                options={(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="enabled" label={t('user.status')} valuePropName="checked">
              <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="roleIds" label={t('user.roles')}>
              <Select
                mode="multiple"
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={roles.isPending}
                options={(roles.data ?? [])
                  .filter((r) => r.enabled || user?.roleIds.includes(r.id))
                  .map((r) => ({ value: r.id, label: roleName(r, t) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
