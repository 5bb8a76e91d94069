import { blockActions, listDirections, listMatches, type NumberListView } from '@hujiao/shared';
import { App, DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateNumberListEntry, useUpdateNumberListEntry } from '../../api/pbx.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

const NUMBER = /^\+?\d{1,20}$/;

interface Values {
  number: string;
  direction: NumberListView['direction'];
  match: NumberListView['match'];
  reason?: string;
  expiresAt?: Dayjs | null;
  action?: NumberListView['action'];
}

/** Add/edit a black or red list entry; saving sends it (back) to review. */
export function NumberListFormDrawer({
  open,
  list,
  entry,
  onClose,
}: {
  open: boolean;
  list: 'black' | 'red';
  entry: NumberListView | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const create = useCreateNumberListEntry();
  const update = useUpdateNumberListEntry();
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (entry) form.setFieldsValue({ ...entry, expiresAt: entry.expiresAt ? dayjs(entry.expiresAt) : null });
  }, [open, entry, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const body = {
      list,
      number: v.number.trim(),
      direction: v.direction,
      match: v.match,
      reason: v.reason?.trim() ?? '',
      expiresAt: v.expiresAt ? v.expiresAt.endOf('day').toISOString() : null,
      action: list === 'black' ? (v.action ?? null) : null,
    };
    try {
      if (entry) await update.mutateAsync({ id: entry.id, body });
      else await create.mutateAsync(body);
      void message.success(t('numberList.submitted'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <FormDrawer
      title={t(entry ? 'numberList.edit' : 'numberList.create', { list: t(`numberList.lists.${list}`) })}
      open={open}
      onClose={onClose}
      size={480}
      saving={create.isPending || update.isPending}
      onSave={submit}
    >
      <Form form={form} layout="vertical" name="numberList" initialValues={{ direction: 'both', match: 'exact' }}>
        <Form.Item
          name="number"
          label={t('numberList.number')}
          rules={[rules.required(t('numberList.number')), { pattern: NUMBER, message: t('numberList.numberInvalid') }]}
        >
          <Input autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item name="match" label={t('numberList.match')}>
          <Radio.Group
            optionType="button"
            options={listMatches.map((m) => ({ value: m, label: t(`numberList.matches.${m}`) }))}
          />
        </Form.Item>
        <Form.Item name="direction" label={t('numberList.direction')}>
          <Radio.Group
            optionType="button"
            options={listDirections.map((d) => ({ value: d, label: t(`numberList.directions.${d}`) }))}
          />
        </Form.Item>
        {list === 'black' && (
          <Form.Item name="action" label={t('numberList.action')} tooltip={t('numberList.actionHint')}>
            <Select
              allowClear
              placeholder={t('numberList.actions.busy')}
              options={blockActions.map((a) => ({ value: a, label: t(`numberList.actions.${a}`) }))}
            />
          </Form.Item>
        )}
        <Form.Item name="reason" label={t('numberList.reason')} rules={[rules.max(t('numberList.reason'), 200)]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="expiresAt" label={t('numberList.expiresAt')} tooltip={t('numberList.expiresHint')}>
          <DatePicker />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}
