import { acdStrategies, agentNoAnnouncements, type Queue, type VoiceFile } from '@hujiao/shared';
import { App, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Switch } from 'antd';
import type { ReactNode } from 'react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../api/auth.ts';
import { useOptions } from '../../api/crud.ts';
import { useCreateQueue, useUpdateQueue } from '../../api/queues.ts';
import { useMohClasses } from '../../api/voice-files.ts';
import { FormDrawer } from '../../components/form-drawer.tsx';
import { makeRules } from '../../utils/rules.ts';
import { useApiError } from '../../utils/use-api-error.ts';
import { DestinationFields } from '../inbound-routes/destination-fields.tsx';
import { NEW_QUEUE, type QueueValues, toBody, toValues } from './queue-form.ts';
import { QueueMembersField } from './queue-members-field.tsx';

const PATTERN = /^(?=.*\?)[0-9?]{1,8}$/;

/** 新增/编辑技能组: basics and members, ringing and waiting, overflow, what the caller hears. */
export function QueueDrawer({ open, queue, onClose }: { open: boolean; queue: Queue | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = makeRules(t);
  const onError = useApiError();
  const [form] = Form.useForm<QueueValues>();
  const { data: me } = useMe();
  const holds = (p: string) => me?.permissions.includes(p) ?? false;
  const mohClasses = useMohClasses(open && holds('musicOnHold:view'));
  const voiceFiles = useOptions<VoiceFile>('voice-files', open && holds('voiceFile:view'));
  const create = useCreateQueue();
  const update = useUpdateQueue();
  const sticky = Form.useWatch('stickyEnabled', form);
  const announce = Form.useWatch('agentNoAnnouncement', form);
  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(queue ? toValues(queue) : NEW_QUEUE);
  }, [open, queue, form]);

  const submit = async () => {
    await form.validateFields();
    // Hidden fields (sticky days, random pattern) keep their values in the store, not in validateFields' answer.
    const body = toBody({ ...NEW_QUEUE, ...(form.getFieldsValue(true) as Partial<QueueValues>) });
    try {
      if (queue) await update.mutateAsync({ id: queue.id, body });
      else await create.mutateAsync(body);
      void message.success(t(queue ? 'common.saved' : 'common.created'));
      onClose();
    } catch (err) {
      onError(err, form);
    }
  };
  const seconds = (name: keyof QueueValues, label: string, min: number, max: number, hint?: string): ReactNode => (
    <Col span={8}>
      <Form.Item name={name} label={label} tooltip={hint} rules={[rules.integer(min, max)]}>
        <InputNumber min={min} max={max} addonAfter={t('queue.seconds')} style={{ width: '100%' }} />
      </Form.Item>
    </Col>
  );
  const check = (name: keyof QueueValues, label: string, hint?: string): ReactNode => (
    <Col span={12}>
      <Form.Item name={name} label={label} tooltip={hint} valuePropName="checked">
        <Switch />
      </Form.Item>
    </Col>
  );
  return (
    <FormDrawer
      title={queue ? t('queue.edit') : t('queue.create')}
      open={open}
      onClose={onClose}
      size={800}
      saving={create.isPending || update.isPending}
      onSave={submit}
      data-testid="queue-drawer"
    >
      <Form form={form} layout="vertical" name="queue" initialValues={NEW_QUEUE}>
        <Divider titlePlacement="start" plain>
          {t('queue.sectionBasic')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="name" label={t('queue.name')} rules={rules.text(t('queue.name'), 60)}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="strategy" label={t('queue.strategy')} tooltip={t('queue.strategyHint')}>
              <Select
                aria-label={t('queue.strategy')}
                options={acdStrategies.map((s) => ({ value: s, label: t(`queue.strategies.${s}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={16}>
          <Col span={18}>
            <Form.Item
              name="description"
              label={t('queue.description')}
              rules={[rules.max(t('queue.description'), 200)]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="enabled" label={t('common.status')} valuePropName="checked">
              <Switch checkedChildren={t('common.enabled')} unCheckedChildren={t('common.disabled')} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('queue.members')} tooltip={t('queue.levelHint')}>
          <QueueMembersField enabled={open && holds('user:view')} />
        </Form.Item>

        <Divider titlePlacement="start" plain>
          {t('queue.sectionRing')}
        </Divider>
        <Row gutter={16}>
          {seconds('ringTimeoutSec', t('queue.ringTimeoutSec'), 5, 300)}
          {seconds('maxWaitSec', t('queue.maxWaitSec'), 0, 86400, t('queue.maxWaitHint'))}
          <Col span={8}>
            <Form.Item
              name="maxLength"
              label={t('queue.maxLength')}
              tooltip={t('queue.maxLengthHint')}
              rules={[rules.integer(0, 10000)]}
            >
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {seconds('wrapUpSec', t('queue.wrapUpSec'), 0, 3600, t('queue.wrapUpHint'))}
          {seconds('serviceLevelSec', t('queue.serviceLevelSec'), 1, 3600, t('queue.serviceLevelHint'))}
          <Col span={8}>
            <Form.Item
              name="autoBusyAfter"
              label={t('queue.autoBusyAfter')}
              tooltip={t('queue.autoBusyHint')}
              rules={[rules.integer(0, 100)]}
            >
              <InputNumber min={0} max={100} addonAfter={t('queue.times')} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {check('joinEmpty', t('queue.joinEmpty'))}
          {check('leaveWhenEmpty', t('queue.leaveWhenEmpty'))}
          {check('stickyEnabled', t('queue.sticky'), t('queue.stickyHint'))}
          {check('redListPriority', t('queue.redListPriority'), t('queue.redListHint'))}
          {sticky && (
            <>
              <Col span={8}>
                <Form.Item name="stickyWindowDays" label={t('queue.stickyWindowDays')} rules={[rules.integer(1, 90)]}>
                  <InputNumber min={1} max={90} addonAfter={t('queue.days')} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              {seconds('stickyWaitSec', t('queue.stickyWaitSec'), 0, 600)}
            </>
          )}
        </Row>

        <Divider titlePlacement="start" plain>
          {t('queue.sectionOverflow')}
        </Divider>
        <DestinationFields name="overflowTimeout" label={t('queue.overflowTimeout')} required={false} />
        <DestinationFields name="overflowFull" label={t('queue.overflowFull')} required={false} />
        <DestinationFields name="overflowEmpty" label={t('queue.overflowEmpty')} required={false} />

        <Divider titlePlacement="start" plain>
          {t('queue.sectionCaller')}
        </Divider>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="mohClassId" label={t('queue.musicOnHold')}>
              <Select
                allowClear
                aria-label={t('queue.musicOnHold')}
                placeholder={t('queue.defaultMusicOnHold')}
                options={(mohClasses.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="agentNoAnnouncement" label={t('queue.agentNoAnnouncement')}>
              <Radio.Group
                optionType="button"
                options={agentNoAnnouncements.map((a) => ({ value: a, label: t(`queue.agentNoAnnouncements.${a}`) }))}
              />
            </Form.Item>
          </Col>
          {announce === 'random' && (
            <Col span={12} offset={12}>
              <Form.Item
                name="agentNoPattern"
                label={t('queue.agentNoPattern')}
                tooltip={t('queue.agentNoPatternHint')}
                rules={[{ pattern: PATTERN, message: t('queue.agentNoPatternInvalid') }]}
              >
                <Input autoComplete="off" style={{ width: 160 }} />
              </Form.Item>
            </Col>
          )}
          {seconds('positionEverySec', t('queue.positionEverySec'), 0, 3600, t('queue.positionHint'))}
          <Col span={16}>
            <Form.Item name="expectedWait" label={t('queue.expectedWait')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          {seconds('periodicEverySec', t('queue.periodicEverySec'), 0, 3600, t('queue.periodicHint'))}
          <Col span={16}>
            <Form.Item name="periodicPrompt" label={t('queue.periodicPrompt')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                aria-label={t('queue.periodicPrompt')}
                options={(voiceFiles.data ?? [])
                  .filter((f) => f.status === 'approved')
                  .map((f) => ({ value: f.id, label: f.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </FormDrawer>
  );
}
