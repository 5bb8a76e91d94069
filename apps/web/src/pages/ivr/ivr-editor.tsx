import { type Extension, type IvrMenuNode, ivrTree } from '@hujiao/shared';
import { Alert, App, Button, Col, Drawer, Input, Row, Space, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { useOptions } from '../../api/crud.ts';
import { useCan } from '../../utils/use-can.ts';
import type { PickerOptions } from './ivr-action-picker.tsx';
import { useCreateIvr, useIvr, useUpdateIvr } from './ivr-api.ts';
import { IvrNodeEditor } from './ivr-node-editor.tsx';
import { emptyMenu, idPath, issueNode, type NodePath, nodeAt, pathId, updateAt } from './ivr-tree-model.ts';

interface Named {
  id: string;
  name: string;
  status?: string;
}
interface Issue {
  node: NodePath;
  rest: string;
  message: string;
}

function treeData(root: IvrMenuNode, issues: Issue[], keyLabel: (k: string) => string): DataNode[] {
  const bad = new Set(issues.map((i) => pathId(i.node)));
  const walk = (node: IvrMenuNode, path: NodePath, key?: string): DataNode => ({
    key: pathId(path),
    title: (
      <span data-testid={`ivr-tree-${pathId(path)}`}>
        {key !== undefined && <Tag style={{ marginInlineEnd: 4 }}>{keyLabel(key)}</Tag>}
        <Typography.Text type={bad.has(pathId(path)) ? 'danger' : undefined}>{node.name || '-'}</Typography.Text>
      </span>
    ),
    children: node.keys.flatMap((row, i) =>
      row.action.type === 'menu' ? [walk(row.action.menu, [...path, i], row.key)] : [],
    ),
  });
  return [walk(root, [])];
}

function allIds(root: IvrMenuNode): string[] {
  const out: string[] = [];
  const walk = (n: IvrMenuNode, p: NodePath) => {
    out.push(pathId(p));
    n.keys.forEach((row, i) => {
      if (row.action.type === 'menu') walk(row.action.menu, [...p, i]);
    });
  };
  walk(root, []);
  return out;
}

/** The IVR tree editor: menus on the left (a node per menu), the chosen menu's prompt, keys and paths on the right. */
export function IvrEditor({ id, open, onClose }: { id: string | null; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const can = useCan();
  const existing = useIvr(open ? id : null);
  const create = useCreateIvr();
  const update = useUpdateIvr();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [note, setNote] = useState('');
  const [root, setRoot] = useState<IvrMenuNode>(() => emptyMenu(t('ivr.topMenu')));
  const [selected, setSelected] = useState<NodePath>([]);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setSelected([]);
    setIssues([]);
    setFormError(null);
    setNote('');
    if (id && existing.data) {
      setName(existing.data.name);
      setDescription(existing.data.description);
      setRoot(existing.data.tree);
    } else if (!id) {
      setName('');
      setDescription('');
      setRoot(emptyMenu(t('ivr.topMenu')));
    }
  }, [open, id, existing.data, t]);

  const extensions = useOptions<Extension>('extensions', open && can('extension:view'));
  const menus = useOptions<Named>('ivr', open);
  const voiceFiles = useOptions<Named>('voice-files', open && can('voiceFile:view' as never));
  const queues = useOptions<Named>('queues', open && can('queue:view'));
  const options: PickerOptions = useMemo(
    () => ({
      extensions: (extensions.data ?? []).map((e) => ({
        value: e.number,
        label: e.displayName ? `${e.number} ${e.displayName}` : e.number,
      })),
      menus: (menus.data ?? []).filter((m) => m.id !== id).map((m) => ({ value: m.id, label: m.name })),
      voiceFiles: (voiceFiles.data ?? [])
        .filter((f) => f.status === undefined || f.status === 'approved')
        .map((f) => ({ value: f.id, label: f.name })),
      queues: (queues.data ?? []).map((q) => ({ value: q.id, label: q.name })),
    }),
    [extensions.data, menus.data, voiceFiles.data, queues.data, id],
  );
  const keyLabel = (k: string) => t('ivr.keyLabel', { key: k });
  const node = nodeAt(root, selected) ?? root;
  const here = issues.filter((i) => pathId(i.node) === pathId(selected));

  const save = async () => {
    setFormError(null);
    if (!name.trim()) {
      setFormError(t('validation.required', { field: t('ivr.name') }));
      return;
    }
    const checked = ivrTree.safeParse(root);
    if (!checked.success) {
      const found = checked.error.issues.map((i) => ({
        ...issueNode(i.path as Array<string | number>),
        message: t(`ivr.rules.${i.message}`, { defaultValue: t('ivr.rules.invalid') }),
      }));
      setIssues(found);
      if (found[0]) setSelected(found[0].node);
      return;
    }
    setIssues([]);
    try {
      if (id) await update.mutateAsync({ id, body: { name, description, tree: root, note } });
      else await create.mutateAsync({ name, description, tree: root });
      void message.success(t('ivr.saved'));
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        const found = err.details
          .filter((d) => d.path.startsWith('tree'))
          .map((d) => ({ ...issueNode(d.path.split('.')), message: d.message }));
        setIssues(found);
        if (found[0]) setSelected(found[0].node);
        const other = err.details.filter((d) => !d.path.startsWith('tree'));
        setFormError(other.length > 0 ? other.map((d) => d.message).join('; ') : err.message);
      } else {
        setFormError(err instanceof Error ? err.message : String(err));
      }
    }
  };

  return (
    <Drawer
      title={id ? t('ivr.edit') : t('ivr.create')}
      open={open}
      onClose={onClose}
      width={Math.min(1240, typeof window === 'undefined' ? 1240 : window.innerWidth - 40)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            data-testid="ivr-save"
            loading={create.isPending || update.isPending}
            onClick={() => void save()}
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {formError && <Alert type="error" showIcon message={formError} style={{ marginBottom: 12 }} />}
      <Space wrap size={12} style={{ marginBottom: 12 }}>
        <Input
          style={{ width: 220 }}
          maxLength={60}
          aria-label={t('ivr.name')}
          placeholder={t('ivr.name')}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <Input
          style={{ width: 300 }}
          maxLength={200}
          aria-label={t('ivr.description')}
          placeholder={t('ivr.description')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
        />
        {id && (
          <Input
            style={{ width: 260 }}
            maxLength={200}
            aria-label={t('ivr.note')}
            placeholder={t('ivr.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </Space>
      <Row gutter={16} wrap={false}>
        <Col flex="240px" style={{ borderInlineEnd: '1px solid #f0f0f0', minWidth: 200 }}>
          <Typography.Text type="secondary">{t('ivr.menus')}</Typography.Text>
          <Tree
            blockNode
            showLine
            expandedKeys={allIds(root)}
            style={{ marginTop: 8 }}
            selectedKeys={[pathId(selected)]}
            treeData={treeData(root, issues, keyLabel)}
            onSelect={(keys) => {
              const k = keys[0];
              if (k !== undefined) setSelected(idPath(String(k)));
            }}
          />
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
            {t('ivr.treeHelp')}
          </Typography.Paragraph>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <IvrNodeEditor
            key={pathId(selected)}
            node={node}
            top={selected.length === 0}
            options={options}
            issues={here}
            onChange={(n) => {
              setRoot((r) => updateAt(r, selected, () => n));
              // A node's messages were about what it was; the next save checks again.
              setIssues((list) => list.filter((i) => pathId(i.node) !== pathId(selected)));
            }}
          />
        </Col>
      </Row>
    </Drawer>
  );
}
