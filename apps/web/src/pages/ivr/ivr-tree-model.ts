import type { Destination, DestinationKind, IvrAction, IvrLeafAction, IvrMenuNode } from '@hujiao/shared';

/** A menu node's place in the tree: the indexes of the key rows leading to it ([] = the top menu). */
export type NodePath = number[];
export const pathId = (p: NodePath) => (p.length === 0 ? 'root' : p.join('.'));
export const idPath = (id: string): NodePath => (id === 'root' ? [] : id.split('.').map(Number));

/** What the action picker offers: a sub-menu, repeat, back, or a destination kind. */
export type ActionChoice = 'menu' | 'repeat' | 'back' | DestinationKind;
/** Kinds offered in the console. */
export const DESTINATION_CHOICES: DestinationKind[] = [
  'extension',
  'ringGroup',
  'queue',
  'ivr',
  'voicemail',
  'external',
  'prompt',
  'hangup',
];

export function emptyMenu(name: string): IvrMenuNode {
  return { name, prompt: { kind: 'system', name: 'please-choose' }, keys: [], timeoutSec: 5, retries: 2 };
}

export function choiceOf(a: IvrAction | undefined): ActionChoice | undefined {
  if (!a) return undefined;
  return a.type === 'destination' ? a.destination.kind : a.type;
}

export function emptyDestination(kind: DestinationKind): Destination {
  switch (kind) {
    case 'extension':
    case 'external':
      return { kind, number: '' };
    case 'ringGroup':
      return { kind, numbers: [], strategy: 'all', ringTimeoutSec: 20 };
    case 'queue':
      return { kind, queueId: '' };
    case 'ivr':
      return { kind, ivrId: '' };
    case 'voicemail':
      return { kind, box: '' };
    case 'prompt':
      return { kind, prompt: 'goodbye' };
    default:
      return { kind: 'hangup' };
  }
}

export function actionFor(choice: ActionChoice, subName: string): IvrAction {
  if (choice === 'menu') return { type: 'menu', menu: emptyMenu(subName) };
  if (choice === 'repeat' || choice === 'back') return { type: choice };
  return { type: 'destination', destination: emptyDestination(choice) };
}
export function leafFor(choice: Exclude<ActionChoice, 'menu'>): IvrLeafAction {
  if (choice === 'repeat' || choice === 'back') return { type: choice };
  return { type: 'destination', destination: emptyDestination(choice) };
}

export function nodeAt(root: IvrMenuNode, path: NodePath): IvrMenuNode | undefined {
  let node: IvrMenuNode | undefined = root;
  for (const i of path) {
    const a: IvrAction | undefined = node?.keys[i]?.action;
    node = a?.type === 'menu' ? a.menu : undefined;
  }
  return node;
}

/** A copy of the tree with the node at `path` replaced by `fn(node)`. */
export function updateAt(root: IvrMenuNode, path: NodePath, fn: (n: IvrMenuNode) => IvrMenuNode): IvrMenuNode {
  if (path.length === 0) return fn(root);
  const [head, ...rest] = path as [number, ...number[]];
  return {
    ...root,
    keys: root.keys.map((row, i) => {
      if (i !== head || row.action.type !== 'menu') return row;
      return { ...row, action: { type: 'menu', menu: updateAt(row.action.menu, rest, fn) } };
    }),
  };
}

/**
 * A server or schema issue path (`tree.keys.0.action.menu.keys.1.action.destination.number`) as the node it is in
 * and the rest (`keys.1.action.destination.number`).
 */
export function issueNode(path: ReadonlyArray<string | number>): { node: NodePath; rest: string } {
  const parts = path.map(String);
  if (parts[0] === 'tree') parts.shift();
  const node: NodePath = [];
  while (parts[0] === 'keys' && parts[2] === 'action' && parts[3] === 'menu') {
    node.push(Number(parts[1]));
    parts.splice(0, 4);
  }
  return { node, rest: parts.join('.') };
}

/** The key row (index) an issue's rest path points into, if any. */
export function issueRow(rest: string): number | undefined {
  const m = /^keys\.(\d+)/.exec(rest);
  return m ? Number(m[1]) : undefined;
}
