import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { DomainError } from '../../http/domain-error.ts';

/** One data row: its line in the file (header = 1) and its cells as text. */
export interface SheetRow {
  line: number;
  cells: string[];
}

export type TextEncoding = 'utf8' | 'gb18030' | 'utf16le' | 'utf16be';

/**
 * Guesses the encoding of a CSV from its first bytes: a BOM wins; otherwise valid UTF-8, else GB18030 (a
 * superset of GBK, which Excel in China writes); NUL bytes or undecodable GBK mean "not a text file we know".
 */
export function detectEncoding(head: Buffer, wholeFile: boolean): TextEncoding | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  if (head.includes(0)) return null;
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  // A sample cut in the middle of a character is still UTF-8: retry without its last 1-3 bytes.
  for (let cut = 0; cut <= (wholeFile ? 0 : 3); cut++) {
    try {
      utf8.decode(head.subarray(0, head.length - cut));
      return 'utf8';
    } catch {
      // not UTF-8 (yet)
    }
  }
  const sample = wholeFile ? head : head.subarray(0, Math.max(0, head.length - 2));
  return iconv.decode(sample, 'gb18030').includes('\uFFFD') ? null : 'gb18030';
}

/** Counts the bytes read from the file, for the progress bar. */
export class ByteCounter extends Transform {
  bytes = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null, data?: Buffer) => void) {
    this.bytes += chunk.length;
    cb(null, chunk);
  }
}

const MAX_RECORD = 256 * 1024;

async function* csvRows(path: string, counter: ByteCounter): AsyncGenerator<SheetRow> {
  const fh = await open(path, 'r');
  const head = Buffer.alloc(64 * 1024);
  const { bytesRead } = await fh.read(head, 0, head.length, 0);
  const size = (await fh.stat()).size;
  await fh.close();
  const encoding = detectEncoding(head.subarray(0, bytesRead), bytesRead >= size);
  if (!encoding) {
    throw new DomainError('IMPORT_FILE_INVALID', { reason: '无法识别文件编码(请使用 UTF-8 或 GBK 编码的 CSV)' });
  }
  let text: NodeJS.ReadableStream = createReadStream(path).pipe(counter);
  if (encoding !== 'utf8') text = text.pipe(iconv.decodeStream(encoding === 'utf16be' ? 'utf16-be' : encoding));
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD,
  });
  text.pipe(parser);
  text.on('error', (err) => parser.destroy(err));
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield { line: info.lines, cells: record };
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('IMPORT_FILE_INVALID', { reason: (err as Error).message.slice(0, 200) });
  }
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown; error?: string };
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if (o.text !== undefined) return cellText(o.text);
    if (o.result !== undefined) return cellText(o.result);
    if (o.error) return '';
  }
  return String(v);
}

async function* xlsxRows(path: string, counter: ByteCounter): AsyncGenerator<SheetRow> {
  // exceljs is loaded on first use: ~25 MB that an idle server does not need.
  const { default: ExcelJS } = await import('exceljs');
  const input = createReadStream(path).pipe(counter);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell dates from numbers.
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = (row.values as unknown[]) ?? [];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
        yield { line: row.number, cells };
      }
      break; // the first worksheet only
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError('IMPORT_FILE_INVALID', { reason: (err as Error).message.slice(0, 200) });
  }
}

/** Streams the rows of a CSV or XLSX file (header row included), never loading the file whole. */
export function readSheet(path: string, format: 'csv' | 'xlsx', counter: ByteCounter): AsyncGenerator<SheetRow> {
  return format === 'csv' ? csvRows(path, counter) : xlsxRows(path, counter);
}
