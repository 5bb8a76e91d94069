import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { IVR_KEYS, type IvrKey, type IvrLeafAction, type IvrMenuNode, type IvrPrompt } from '@hujiao/shared';
import { Alert, Button, Divider, Form, Input, InputNumber, Select, Space, Switch, Table, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionPicker, type PickerOptions, PromptSelect } from './ivr-action-picker.tsx';
import { actionFor, issueRow } from './ivr-tree-model.ts';

const promptValue = (p: IvrPrompt | undefined, fallback: string) =>
  p ? (p.kind === 'system' ? `system:${p.name}` : `file:${p.voiceFileId}`) : `system:${fallback}`;
const promptOf = (v: string): IvrPrompt =>
  v.startsWith('file:')
    ? { kind: 'voiceFile', voiceFileId: v.slice(5) }
    : { kind: 'system', name: v.slice(7) as 'please-choose' };

/** One menu node: name, prompt, keys with their actions, timeout, retries, wrong-key and timeout paths, direct dial. */
export function IvrNodeEditor({
  node,
  onChange,
  options,
  top,
  issues,
}: {
  node: IvrMenuNode;
  onChange: (n: IvrMenuNode) => void;
  options: PickerOptions;
  top: boolean;
  /** Messages of this node, by the rest of their path (`keys.1.action`, `name`, …). */
  issues: Array<{ rest: string; message: string }>;
}) {
  const { t } = useTranslation();
  const set = (patch: Partial<IvrMenuNode>) => onChange({ ...node, ...patch });
  const used = new Set(node.keys.map((k) => k.key));
  const free = IVR_KEYS.filter((k) => !used.has(k));
  const rowIssues = (i: number) => issues.filter((x) => issueRow(x.rest) === i).map((x) => x.message);
  const nodeIssues = issues.filter((x) => issueRow(x.rest) === undefined);
  return (
    <Form layout="vertical" component="div">
      {nodeIssues.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={nodeIssues.map((x) => x.message).join('; ')}
          data-testid="ivr-node-issues"
        />
      )}
      <Space wrap size={12} align="start">
        <Form.Item label={t('ivr.nodeName')} required style={{ marginBottom: 12 }}>
          <Input
            style={{ width: 180 }}
            maxLength={40}
            aria-label={t('ivr.nodeName')}
            value={node.name}
            onChange={(e) => set({ name: e.target.value })}
          />
        </Form.Item>
        <Form.Item label={t('ivr.prompt')} required style={{ marginBottom: 12 }}>
          <PromptSelect
            value={promptValue(node.prompt, 'please-choose')}
            options={options}
            onChange={(v) => set({ prompt: promptOf(v) })}
          />
        </Form.Item>
        <Form.Item label={t('ivr.timeoutSec')} style={{ marginBottom: 12 }}>
          <InputNumber
            min={1}
            max={60}
            style={{ width: 110 }}
            aria-label={t('ivr.timeoutSec')}
            addonAfter={t('ivr.seconds')}
            value={node.timeoutSec ?? 5}
            onChange={(v) => set({ timeoutSec: Number(v ?? 5) })}
          />
        </Form.Item>
        <Form.Item label={t('ivr.retries')} style={{ marginBottom: 12 }}>
          <InputNumber
            min={0}
            max={10}
            style={{ width: 90 }}
            aria-label={t('ivr.retries')}
            value={node.retries ?? 2}
            onChange={(v) => set({ retries: Number(v ?? 2) })}
          />
        </Form.Item>
      </Space>
      <Divider titlePlacement="start" plain style={{ margin: '4px 0 8px' }}>
        {t('ivr.keys')}
      </Divider>
      <Table
        size="small"
        pagination={false}
        rowKey={(row) => row.key}
        dataSource={node.keys}
        locale={{ emptyText: t('ivr.noKeys') }}
        columns={[
          {
            title: t('ivr.key'),
            width: 90,
            render: (_, row, i) => (
              <Select<IvrKey>
                style={{ width: 70 }}
                aria-label={t('ivr.key')}
                data-testid={`ivr-key-${i}`}
                value={row.key}
                options={[row.key, ...free].map((k) => ({ value: k, label: k }))}
                onChange={(key) => set({ keys: node.keys.map((r, j) => (j === i ? { ...r, key } : r)) })}
              />
            ),
          },
          {
            title: t('ivr.action'),
            render: (_, row, i) => (
              <div>
                <ActionPicker
                  testId={`ivr-action-${i}`}
                  value={row.action}
                  top={top}
                  options={options}
                  subName={`${t('ivr.subMenu')} ${row.key}`}
                  onChange={(action) =>
                    set({ keys: node.keys.map((r, j) => (j === i ? { ...r, action: action ?? r.action } : r)) })
                  }
                />
                {rowIssues(i).map((m) => (
                  <div key={m} className="ant-form-item-explain-error">
                    {m}
                  </div>
                ))}
              </div>
            ),
          },
          {
            title: '',
            width: 48,
            render: (_, _row, i) => (
              <Tooltip title={t('ivr.removeKey')}>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('ivr.removeKey')}
                  onClick={() => set({ keys: node.keys.filter((_r, j) => j !== i) })}
                />
              </Tooltip>
            ),
          },
        ]}
      />
      <div>
        <Button
          type="dashed"
          icon={<PlusOutlined />}
          disabled={free.length === 0}
          style={{ margin: '8px 0 12px' }}
          data-testid="ivr-add-key"
          onClick={() => {
            const key = free[0] as IvrKey;
            set({ keys: [...node.keys, { key, action: actionFor('hangup', '') }] });
          }}
        >
          {t('ivr.addKey')}
        </Button>
      </div>
      <Space wrap size={16} align="start">
        <Form.Item label={t('ivr.onTimeout')} style={{ marginBottom: 12 }}>
          <ActionPicker
            leaf
            top={top}
            testId="ivr-on-timeout"
            value={node.onTimeout}
            options={options}
            subName=""
            onChange={(a) => set({ onTimeout: a as IvrLeafAction | undefined })}
          />
        </Form.Item>
        <Form.Item label={t('ivr.onInvalid')} style={{ marginBottom: 12 }}>
          <ActionPicker
            leaf
            top={top}
            testId="ivr-on-invalid"
            value={node.onInvalid}
            options={options}
            subName=""
            onChange={(a) => set({ onInvalid: a as IvrLeafAction | undefined })}
          />
        </Form.Item>
        <Form.Item label={t('ivr.directDial')} tooltip={t('ivr.directDialHelp')} style={{ marginBottom: 12 }}>
          <Space>
            <Switch
              aria-label={t('ivr.directDial')}
              checked={node.directDial?.enabled ?? false}
              onChange={(enabled) => set({ directDial: { enabled, maxDigits: node.directDial?.maxDigits ?? 4 } })}
            />
            <InputNumber
              min={2}
              max={8}
              style={{ width: 130 }}
              disabled={!node.directDial?.enabled}
              aria-label={t('ivr.maxDigits')}
              addonAfter={t('ivr.digits')}
              value={node.directDial?.maxDigits ?? 4}
              onChange={(v) => set({ directDial: { enabled: true, maxDigits: Number(v ?? 4) } })}
            />
          </Space>
        </Form.Item>
      </Space>
    </Form>
  );
}
