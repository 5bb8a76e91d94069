import { App, Button, Form, InputNumber, Switch } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFraudLimits, useUpdateFraudLimits } from '../../api/pbx.ts';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';

interface Values {
  internationalEnabled: boolean;
  premiumEnabled: boolean;
  maxConcurrentCalls: number | null;
  dailyMinutesCap: number | null;
}

/** 防盗打: international and premium calls off unless enabled, concurrency and daily-minute caps. */
export function FraudLimitsTab({ mayManage }: { mayManage: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<Values>();
  const { data } = useFraudLimits();
  const save = useUpdateFraudLimits();
  useEffect(() => {
    if (data) form.setFieldsValue(data);
  }, [data, form]);
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({
        ...v,
        maxConcurrentCalls: v.maxConcurrentCalls ?? null,
        dailyMinutesCap: v.dailyMinutesCap ?? null,
      });
      void message.success(t('common.saved'));
    } catch (err) {
      onError(err, form);
    }
  };
  return (
    <Form form={form} layout="vertical" name="fraudLimits" disabled={!mayManage} style={{ maxWidth: 480 }}>
      <Form.Item name="internationalEnabled" label={t('fraud.international')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="premiumEnabled" label={t('fraud.premium')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item
        name="maxConcurrentCalls"
        label={t('fraud.maxConcurrentCalls')}
        tooltip={t('fraud.emptyNoCap')}
        rules={[rules.integer(0, 100000)]}
      >
        <InputNumber min={0} max={100000} style={{ width: 200 }} />
      </Form.Item>
      <Form.Item
        name="dailyMinutesCap"
        label={t('fraud.dailyMinutesCap')}
        tooltip={t('fraud.emptyNoCap')}
        rules={[rules.integer(0, 10000000)]}
      >
        <InputNumber min={0} max={10000000} style={{ width: 200 }} />
      </Form.Item>
      {mayManage && (
        <Button type="primary" loading={save.isPending} onClick={() => void submit().catch(() => undefined)}>
          {t('common.save')}
        </Button>
      )}
    </Form>
  );
}
