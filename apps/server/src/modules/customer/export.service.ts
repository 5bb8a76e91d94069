import { PassThrough, Readable } from 'node:stream';
import type { CustomerQuery } from '@hujiao/shared';
import { stringify } from 'csv-stringify';
import type { Logger } from 'pino';
import type { Choices, DictionaryService } from '../dictionary/index.ts';
import { type CustomFieldService, canRead, canWrite, type FieldSet } from './custom-field.service.ts';
import type { CustomerListRow, CustomerRepository } from './customer.repository.ts';
import type { CustomerService } from './customer.service.ts';
import type { Viewer } from './viewer.ts';

const GENDERS: Record<string, string> = { male: '男', female: '女', unknown: '未知' };
const PAGE = 1000;

function fmtTime(d: Date | null): string {
  if (!d) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** Export (导出) and the import template, as streamed CSV (UTF-8 with BOM, for Excel) or XLSX. */
export class ExportService {
  constructor(
    private readonly d: {
      repo: CustomerRepository;
      customers: CustomerService;
      fields: CustomFieldService;
      dictionaries: DictionaryService;
      logger?: Logger;
    },
  ) {}

  private labelOf(choices: Choices | undefined, v: unknown): string {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.map((x) => choices?.get(String(x)) ?? String(x)).join(',');
    return choices?.get(String(v)) ?? String(v);
  }

  /** Header, then one row per visible customer matching the filter; only readable custom fields. */
  async *rows(viewer: Viewer, q: Partial<CustomerQuery>): AsyncGenerator<string[]> {
    const set = await this.d.fields.fieldSet(viewer.tenantId);
    const filter = await this.d.customers.filterOf(viewer, q, set);
    const defs = set.defs.filter((f) => canRead(f, viewer));
    const [sources, statuses] = await Promise.all([
      this.d.dictionaries.choices(viewer.tenantId, 'customerSource'),
      this.d.dictionaries.choices(viewer.tenantId, 'followUpStatus'),
    ]);
    yield [
      '姓名',
      '电话',
      '电话2',
      '电话3',
      '公司',
      '性别',
      '邮箱',
      '地址',
      '备注',
      '来源',
      '标签',
      '跟进状态',
      '归属坐席',
      '导入批次',
      '最后跟进时间',
      '下次跟进时间',
      '创建时间',
      ...defs.map((f) => f.label),
    ];
    let after: { createdAt: Date; id: string } | null = null;
    for (;;) {
      const page: CustomerListRow[] = await this.d.repo.exportPage(viewer.tenantId, viewer.scope, filter, after, PAGE);
      for (const r of page) {
        const c = r.customer;
        yield [
          c.name,
          r.phones[0]?.raw ?? '',
          r.phones[1]?.raw ?? '',
          r.phones
            .slice(2)
            .map((p) => p.raw)
            .join('/'),
          c.company ?? '',
          c.gender ? (GENDERS[c.gender] ?? '') : '',
          c.email ?? '',
          c.address ?? '',
          c.remark ?? '',
          this.labelOf(sources, c.source),
          c.tags.join(','),
          this.labelOf(statuses, c.followUpStatus),
          r.ownerName ?? '',
          c.importBatch ?? '',
          fmtTime(c.lastFollowUpAt),
          fmtTime(c.nextFollowUpAt),
          fmtTime(c.createdAt),
          ...defs.map((f) =>
            this.labelOf(f.dictionaryType ? set.choices.get(f.dictionaryType) : undefined, c.customFields[f.key]),
          ),
        ];
      }
      const last = page.at(-1);
      if (!last || page.length < PAGE) return;
      after = { createdAt: last.customer.createdAt, id: last.customer.id };
    }
  }

  /** The import template: system columns, the custom fields the viewer may write (required ones starred). */
  async *templateRows(viewer: Viewer): AsyncGenerator<string[]> {
    const set: FieldSet = await this.d.fields.fieldSet(viewer.tenantId);
    const defs = set.defs.filter((f) => canWrite(f, viewer));
    yield [
      '姓名',
      '电话*',
      '电话2',
      '公司',
      '性别',
      '邮箱',
      '地址',
      '备注',
      '来源',
      '标签',
      '跟进状态',
      ...defs.map((f) => (f.required ? `${f.label}*` : f.label)),
    ];
    yield [
      '张三',
      '13800138000',
      '010-62345678',
      '示例公司',
      '男',
      'zhangsan@example.com',
      '北京市海淀区',
      '示例行,导入前请删除',
      '网站',
      'VIP,重要客户',
      '新客户',
      ...defs.map((f) => (f.type === 'number' ? '100' : f.type === 'date' ? '2026-01-01' : '')),
    ];
  }

  /** Streams rows as CSV (UTF-8 BOM) or XLSX. */
  stream(rows: AsyncGenerator<string[]>, format: 'csv' | 'xlsx'): Readable {
    if (format === 'csv') return Readable.from(rows).pipe(stringify({ bom: true }));
    const out = new PassThrough();
    void (async () => {
      try {
        // exceljs is loaded on first use: ~25 MB that an idle server does not need.
        const { default: ExcelJS } = await import('exceljs');
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
        const sheet = wb.addWorksheet('客户');
        for await (const row of rows) sheet.addRow(row).commit();
        sheet.commit();
        await wb.commit();
      } catch (err) {
        this.d.logger?.error({ err }, 'xlsx export failed');
        out.destroy(err as Error);
      }
    })();
    return out;
  }
}
