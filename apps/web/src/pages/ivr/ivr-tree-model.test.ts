import type { IvrMenuNode } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { actionFor, emptyMenu, idPath, issueNode, issueRow, nodeAt, pathId, updateAt } from './ivr-tree-model.ts';

const twoLevel = (): IvrMenuNode => ({
  ...emptyMenu('主菜单'),
  keys: [
    { key: '1', action: actionFor('extension', '') },
    {
      key: '2',
      action: { type: 'menu', menu: { ...emptyMenu('售后'), keys: [{ key: '9', action: { type: 'back' } }] } },
    },
  ],
});

describe('IVR tree model (editor)', () => {
  it('finds and replaces a node by the key rows leading to it, leaving the rest as it was', () => {
    const root = twoLevel();
    expect(nodeAt(root, [1])?.name).toBe('售后');
    expect(nodeAt(root, [0])).toBeUndefined();
    const renamed = updateAt(root, [1], (n) => ({ ...n, name: '服务' }));
    expect(nodeAt(renamed, [1])?.name).toBe('服务');
    expect(nodeAt(root, [1])?.name).toBe('售后');
    expect(renamed.keys[0]).toBe(root.keys[0]);
    expect(idPath(pathId([1, 0]))).toEqual([1, 0]);
    expect(idPath(pathId([]))).toEqual([]);
  });

  it('places a server issue path in its node and key row', () => {
    const at = issueNode('tree.keys.1.action.menu.keys.0.action.destination.number'.split('.'));
    expect(at).toEqual({ node: [1], rest: 'keys.0.action.destination.number' });
    expect(issueRow(at.rest)).toBe(0);
    expect(issueNode(['keys', 2, 'key'])).toEqual({ node: [], rest: 'keys.2.key' });
    expect(issueRow('prompt')).toBeUndefined();
  });
});
