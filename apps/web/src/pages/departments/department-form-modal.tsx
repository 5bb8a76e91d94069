import type { Department } from '@hujiao/shared';
import { App, Form, Input, InputNumber, Modal, TreeSelect } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateDepartment, useUpdateDepartment } from '../../api/resources.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { type DepartmentNode, departmentTreeOptions } from './department-tree.ts';

interface Values {
  name: string;
  parentId?: string | null;
  sort: number;
}

interface Props {
  open: boolean;
  department: Department | null;
  parentId: string | null;
  tree: DepartmentNode[];
  onClose: () => void;
}

export function DepartmentFormModal({ open, department, parentId, tree, onClose }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateDepartment();
  const update = useUpdateDepartment();
  const options = useMemo(() => departmentTreeOptions(tree, department?.id), [tree, department]);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      department
        ? { name: department.name, parentId: department.parentId, sort: department.sort }
        : { name: '', parentId, sort: 0 },
    );
  }, [open, department, parentId, form]);

  const submit = async () => {
    const v = await form.validateFields();
    const body = { name: v.name.trim(), parentId: v.parentId ?? null, sort: v.sort ?? 0 };
    try {
      if (department) {
        await update.mutateAsync({ id: department.id, body });
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
      title={department ? t('department.edit') : t('department.create')}
      open={open}
      onCancel={onClose}
      onOk={() => void submit().catch(() => undefined)}
      okText={t('common.save')}
      confirmLoading={create.isPending || update.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" name="department">
        <Form.Item name="name" label={t('department.name')} rules={rules.text(t('department.name'), 40)}>
          <Input />
        </Form.Item>
        <Form.Item name="parentId" label={t('department.parent')}>
          <TreeSelect allowClear treeDefaultExpandAll placeholder={t('department.parentNone')} treeData={options} />
        </Form.Item>
        <Form.Item name="sort" label={t('department.sort')} rules={[rules.integer(0, 9999)]}>
          <InputNumber min={0} max={9999} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
