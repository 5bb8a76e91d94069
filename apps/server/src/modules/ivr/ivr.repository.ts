import type { IvrMenuNode } from '@hujiao/shared';
import { and, asc, desc, eq, ilike } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { extensions } from '../extension/extension.table.ts';
import { users } from '../user/user.table.ts';
import { ivrMenus, ivrMenuVersions } from './ivr.table.ts';

export type IvrMenuRow = typeof ivrMenus.$inferSelect;
export type IvrVersionRow = typeof ivrMenuVersions.$inferSelect;
export type IvrMenuWithTree = IvrMenuRow & { tree: IvrMenuNode };

export class IvrRepository {
  constructor(private readonly db: Db) {}

  /** The tenant's menus with their current trees, by name. */
  async list(tenantId: string, keyword?: string): Promise<IvrMenuWithTree[]> {
    const where = [eq(ivrMenus.tenantId, tenantId)];
    if (keyword) where.push(ilike(ivrMenus.name, `%${keyword}%`));
    const rows = await this.db
      .select({ menu: ivrMenus, tree: ivrMenuVersions.tree })
      .from(ivrMenus)
      .innerJoin(
        ivrMenuVersions,
        and(eq(ivrMenuVersions.menuId, ivrMenus.id), eq(ivrMenuVersions.version, ivrMenus.version)),
      )
      .where(and(...where))
      .orderBy(asc(ivrMenus.name));
    return rows.map((r) => ({ ...r.menu, tree: r.tree }));
  }

  async find(tenantId: string, id: string): Promise<IvrMenuWithTree | undefined> {
    const [row] = await this.db
      .select({ menu: ivrMenus, tree: ivrMenuVersions.tree })
      .from(ivrMenus)
      .innerJoin(
        ivrMenuVersions,
        and(eq(ivrMenuVersions.menuId, ivrMenus.id), eq(ivrMenuVersions.version, ivrMenus.version)),
      )
      .where(and(eq(ivrMenus.tenantId, tenantId), eq(ivrMenus.id, id)));
    return row ? { ...row.menu, tree: row.tree } : undefined;
  }

  async versions(tenantId: string, menuId: string) {
    return this.db
      .select({ version: ivrMenuVersions, userName: users.name })
      .from(ivrMenuVersions)
      .leftJoin(users, eq(users.id, ivrMenuVersions.createdBy))
      .where(and(eq(ivrMenuVersions.tenantId, tenantId), eq(ivrMenuVersions.menuId, menuId)))
      .orderBy(desc(ivrMenuVersions.version));
  }

  async version(tenantId: string, menuId: string, version: number) {
    const [row] = await this.db
      .select({ version: ivrMenuVersions, userName: users.name })
      .from(ivrMenuVersions)
      .leftJoin(users, eq(users.id, ivrMenuVersions.createdBy))
      .where(
        and(
          eq(ivrMenuVersions.tenantId, tenantId),
          eq(ivrMenuVersions.menuId, menuId),
          eq(ivrMenuVersions.version, version),
        ),
      );
    return row;
  }

  /** A new menu with its version 1, at once. */
  async insert(
    tenantId: string,
    values: { name: string; description: string; tree: IvrMenuNode; createdBy: string | null },
  ): Promise<IvrMenuWithTree> {
    return this.db.transaction(async (tx) => {
      const [menu] = await tx
        .insert(ivrMenus)
        .values({ tenantId, name: values.name, description: values.description, version: 1 })
        .returning();
      if (!menu) throw new Error('ivr menu insert returned nothing');
      await tx
        .insert(ivrMenuVersions)
        .values({ tenantId, menuId: menu.id, version: 1, tree: values.tree, createdBy: values.createdBy });
      return { ...menu, tree: values.tree };
    });
  }

  /**
   * Name/description in place; a tree becomes the next version (the row is locked, so two saves at once make two
   * versions, not one lost). Undefined when the menu is not the tenant's.
   */
  async update(
    tenantId: string,
    id: string,
    values: { name?: string; description?: string; tree?: IvrMenuNode; note?: string; createdBy: string | null },
  ): Promise<IvrMenuWithTree | undefined> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(ivrMenus)
        .where(and(eq(ivrMenus.tenantId, tenantId), eq(ivrMenus.id, id)))
        .for('update');
      if (!current) return undefined;
      const version = values.tree ? current.version + 1 : current.version;
      if (values.tree) {
        await tx.insert(ivrMenuVersions).values({
          tenantId,
          menuId: id,
          version,
          tree: values.tree,
          note: values.note ?? '',
          createdBy: values.createdBy,
        });
      }
      const [menu] = await tx
        .update(ivrMenus)
        .set({
          ...(values.name !== undefined ? { name: values.name } : {}),
          ...(values.description !== undefined ? { description: values.description } : {}),
          version,
          updatedAt: new Date(),
        })
        .where(and(eq(ivrMenus.tenantId, tenantId), eq(ivrMenus.id, id)))
        .returning();
      if (!menu) return undefined;
      const [tree] = await tx
        .select({ tree: ivrMenuVersions.tree })
        .from(ivrMenuVersions)
        .where(and(eq(ivrMenuVersions.menuId, id), eq(ivrMenuVersions.version, version)));
      return tree ? { ...menu, tree: tree.tree } : undefined;
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(ivrMenus)
      .where(and(eq(ivrMenus.tenantId, tenantId), eq(ivrMenus.id, id)))
      .returning({ id: ivrMenus.id });
    return rows.length > 0;
  }

  async exists(tenantId: string, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db.select({ id: ivrMenus.id }).from(ivrMenus).where(eq(ivrMenus.tenantId, tenantId));
    const wanted = new Set(ids);
    return new Set(rows.map((r) => r.id).filter((i) => wanted.has(i)));
  }

  async extensionNumbers(tenantId: string): Promise<string[]> {
    const rows = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.enabled, true)));
    return rows.map((r) => r.number);
  }

  /** The extension bound to a user (their own phone for the test call). */
  async extensionOfUser(tenantId: string, userId: string): Promise<string | undefined> {
    const [row] = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.userId, userId), eq(extensions.enabled, true)))
      .orderBy(asc(extensions.number))
      .limit(1);
    return row?.number;
  }
}
