import type { MenuProps } from 'antd';
import type { TFunction } from 'i18next';
import { type AppRoute, MENU_GROUPS, type MenuGroup } from '../routes.tsx';

type Item = Required<MenuProps>['items'][number];

/** Side-menu items: top-level routes in table order, grouped routes under a submenu placed at the first one. */
export function menuItems(routes: AppRoute[], t: TFunction): Item[] {
  const items: Item[] = [];
  const groups = new Map<MenuGroup, Item[]>();
  for (const r of routes) {
    if (r.hidden) continue;
    const item = { key: r.path, icon: r.icon, label: t(r.label) };
    if (!r.group) {
      items.push(item);
      continue;
    }
    let children = groups.get(r.group);
    if (!children) {
      children = [];
      groups.set(r.group, children);
      items.push({
        key: `group:${r.group}`,
        icon: MENU_GROUPS[r.group].icon,
        label: t(MENU_GROUPS[r.group].label),
        children,
      });
    }
    children.push(item);
  }
  return items;
}

/** The menu key of the current page: the longest route path the location starts with (detail pages → list). */
export function selectedRoute(routes: AppRoute[], pathname: string): AppRoute | undefined {
  const visible = routes.filter((r) => !r.hidden && (pathname === r.path || pathname.startsWith(`${r.path}/`)));
  return visible.sort((a, b) => b.path.length - a.path.length)[0];
}
