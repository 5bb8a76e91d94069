import type { Department } from '@hujiao/shared';

export interface DepartmentNode extends Department {
  children?: DepartmentNode[];
}

/** Builds the department tree from the flat list (children sorted by `sort`, then name). */
export function buildDepartmentTree(items: readonly Department[]): DepartmentNode[] {
  const nodes = new Map<string, DepartmentNode>(items.map((d) => [d.id, { ...d }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent) {
      parent.children ??= [];
      parent.children.push(node);
    } else {
      roots.push(node);
    }
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort((a, b) => a.sort - b.sort || a.name.localeCompare(b.name));
    for (const n of list) if (n.children) sort(n.children);
  };
  sort(roots);
  return roots;
}

export interface TreeOption {
  value: string;
  title: string;
  disabled?: boolean;
  children?: TreeOption[];
}

/** TreeSelect options; `excludeId` and its descendants are disabled (a department cannot move under itself). */
export function departmentTreeOptions(tree: readonly DepartmentNode[], excludeId?: string): TreeOption[] {
  const walk = (list: readonly DepartmentNode[], disabled: boolean): TreeOption[] =>
    list.map((d) => {
      const off = disabled || d.id === excludeId;
      return {
        value: d.id,
        title: d.name,
        disabled: off,
        children: d.children ? walk(d.children, off) : undefined,
      };
    });
  return walk(tree, false);
}
