import { PassThrough, Readable } from 'node:stream';
import type { AgentState, AgentStateLogEntry, Locale } from '@hujiao/shared';
import { stringify } from 'csv-stringify';
import type { Logger } from 'pino';

const STATES: Record<Locale, Record<AgentState, string>> = {
  'zh-CN': {
    'logged-out': '未签入',
    ready: '空闲',
    busy: '置忙',
    ringing: '振铃',
    talking: '通话中',
    hold: '保持',
    'wrap-up': '话后',
  },
  'en-US': {
    'logged-out': 'Signed out',
    ready: 'Ready',
    busy: 'Busy',
    ringing: 'Ringing',
    talking: 'Talking',
    hold: 'On hold',
    'wrap-up': 'Wrap-up',
  },
};

const HEADERS: Record<Locale, string[]> = {
  'zh-CN': ['工号', '坐席', '状态', '置忙原因', '上一状态', '开始时间', '结束时间', '时长(秒)', '时长'],
  'en-US': ['Agent No.', 'Agent', 'State', 'Busy reason', 'Previous state', 'Start', 'End', 'Seconds', 'Duration'],
};

function fmtTime(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** 01:02:03 (hours may exceed 24). */
export function fmtDuration(sec: number | null): string {
  if (sec === null) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(sec / 3600))}:${p(Math.floor(sec / 60) % 60)}:${p(sec % 60)}`;
}

/** The export's rows: a header, then one row per entry with labels in the locale (reasons by the dictionary). */
export async function* stateLogRows(
  entries: AsyncIterable<AgentStateLogEntry>,
  locale: Locale,
  reasonLabel: (code: string) => string,
): AsyncGenerator<string[]> {
  yield HEADERS[locale];
  for await (const e of entries) {
    yield [
      e.agentNo ?? '',
      e.agentName,
      STATES[locale][e.state],
      e.reason ? reasonLabel(e.reason) : '',
      STATES[locale][e.fromState],
      fmtTime(e.startedAt),
      fmtTime(e.endedAt),
      e.durationSec === null ? '' : String(e.durationSec),
      fmtDuration(e.durationSec),
    ];
  }
}

/** Streams rows as CSV (UTF-8 BOM, for Excel) or XLSX, as the customer export does. */
export function streamRows(rows: AsyncGenerator<string[]>, format: 'csv' | 'xlsx', sheetName: string, logger?: Logger) {
  if (format === 'csv') return Readable.from(rows).pipe(stringify({ bom: true }));
  const out = new PassThrough();
  void (async () => {
    try {
      // exceljs is loaded on first use: ~25 MB that an idle server does not need.
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
      const sheet = wb.addWorksheet(sheetName);
      for await (const row of rows) sheet.addRow(row).commit();
      sheet.commit();
      await wb.commit();
    } catch (err) {
      logger?.error({ err }, 'agent state log: xlsx export failed');
      out.destroy(err as Error);
    }
  })();
  return out;
}
