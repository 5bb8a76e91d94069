import type { CustomFieldRow } from './custom-field.repository.ts';

export type SystemField =
  | 'name'
  | 'company'
  | 'gender'
  | 'email'
  | 'address'
  | 'remark'
  | 'source'
  | 'tags'
  | 'followUpStatus';

/** System columns: the header written in templates/exports, and the names accepted on import. */
export const SYSTEM_COLUMNS: Array<{ field: SystemField; header: string; aliases: string[] }> = [
  { field: 'name', header: '姓名', aliases: ['name', '客户名称', '客户姓名', '名称', '客户'] },
  { field: 'company', header: '公司', aliases: ['company', '公司名称', '单位', '企业名称'] },
  { field: 'gender', header: '性别', aliases: ['gender', 'sex'] },
  { field: 'email', header: '邮箱', aliases: ['email', 'e-mail', '电子邮箱', '邮件'] },
  { field: 'address', header: '地址', aliases: ['address', '联系地址'] },
  { field: 'remark', header: '备注', aliases: ['remark', 'note', 'notes', '说明'] },
  { field: 'source', header: '来源', aliases: ['source', '客户来源'] },
  { field: 'tags', header: '标签', aliases: ['tags', 'tag'] },
  { field: 'followUpStatus', header: '跟进状态', aliases: ['followupstatus', 'status', '状态'] },
];
export const PHONE_HEADER =
  /^(电话|手机|手机号|手机号码|电话号码|联系电话|联系方式|号码|phone|mobile|tel|telephone)\s*(\d*)$/i;

export type ColumnTarget =
  | { kind: 'system'; field: SystemField }
  | { kind: 'phone' }
  | { kind: 'custom'; key: string }
  | { kind: 'ignore' };

const norm = (s: string) =>
  s
    .replace(/^\uFEFF/, '')
    .replace(/[\s*_]/g, '')
    .toLowerCase();

/** Maps each header cell to a target by name (system fields in Chinese or English, custom fields by label or key). */
export function mapHeader(header: string[], defs: CustomFieldRow[]): ColumnTarget[] {
  const used = new Set<string>();
  return header.map((cell): ColumnTarget => {
    const h = norm(cell);
    if (!h) return { kind: 'ignore' };
    if (PHONE_HEADER.test(cell.trim().replace(/\*$/, ''))) return { kind: 'phone' };
    const sys = SYSTEM_COLUMNS.find((c) => norm(c.header) === h || c.aliases.some((a) => norm(a) === h));
    if (sys && !used.has(sys.field)) {
      used.add(sys.field);
      return { kind: 'system', field: sys.field };
    }
    const def = defs.find((d) => norm(d.label) === h || norm(d.key) === h);
    if (def && !used.has(`cf:${def.key}`)) {
      used.add(`cf:${def.key}`);
      return { kind: 'custom', key: def.key };
    }
    return { kind: 'ignore' };
  });
}
