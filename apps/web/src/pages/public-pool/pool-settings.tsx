import { App, Button, Card, Form, InputNumber, Popconfirm, Space } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCrmSettings, useRunPoolReturn, useUpdateCrmSettings } from '../../api/crm.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

/** 公海规则 (publicPool:manage): return after N days without follow-up, daily claim limit, run now. */
export function PoolSettings() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<{ publicPoolReturnDays: number | null; dailyClaimLimit: number | null }>();
  const settings = useCrmSettings();
  const update = useUpdateCrmSettings();
  const run = useRunPoolReturn();
  useEffect(() => {
    if (settings.data) form.setFieldsValue(settings.data);
  }, [settings.data, form]);
  const save = async () => {
    const v = await form.validateFields();
    try {
      await update.mutateAsync({
        publicPoolReturnDays: v.publicPoolReturnDays ?? null,
        dailyClaimLimit: v.dailyClaimLimit ?? null,
      });
      void message.success(t('common.saved'));
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Card size="small" title={t('publicPool.settings')} style={{ marginBottom: 16 }}>
      <Form form={form} layout="inline" name="pool-settings">
        <Form.Item
          name="publicPoolReturnDays"
          label={t('publicPool.returnDays')}
          tooltip={t('publicPool.returnDaysHint')}
          rules={[rules.integer(1, 3650)]}
        >
          <InputNumber
            min={1}
            max={3650}
            precision={0}
            placeholder={t('publicPool.unlimited')}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Form.Item name="dailyClaimLimit" label={t('publicPool.dailyClaimLimit')} rules={[rules.integer(1, 100000)]}>
          <InputNumber
            min={1}
            max={100000}
            precision={0}
            placeholder={t('publicPool.unlimited')}
            style={{ width: 120 }}
          />
        </Form.Item>
        <Space>
          <Button type="primary" loading={update.isPending} onClick={() => void save().catch(() => undefined)}>
            {t('common.save')}
          </Button>
          <Popconfirm
            title={t('publicPool.runReturn')}
            onConfirm={() =>
              run.mutate(
                {},
                {
                  onSuccess: (r) => void message.success(t('publicPool.returned', { count: r.count })),
                  onError: (e) => onError(e),
                },
              )
            }
          >
            <Button loading={run.isPending}>{t('publicPool.runReturn')}</Button>
          </Popconfirm>
        </Space>
      </Form>
    </Card>
  );
}
