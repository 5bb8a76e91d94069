import { readFileSync } from 'node:fs';
import { brotliDecompressSync } from 'node:zlib';

/**
 * 归属地 (province and city) of Chinese numbers by prefix, from libphonenumber's geocoding data for +86 (Apache-2.0;
 * `phone-geo-86.txt.br`, made by `scripts/build-phone-geo.ts`, format described there). About 130,000
 * prefixes: mobile ranges (7 digits, e.g. 1380013 → 北京市) and area codes (010, 0755 → 广东省深圳市).
 *
 * Loaded on the first look-up, not at start-up, into typed arrays (about 1 MB): an idle server that never shows
 * a phone does not pay for it.
 */
export interface PhonePlace {
  zh: string;
  en: string;
}

interface GeoTable {
  places: PhonePlace[];
  /** Prefix lengths, longest first, each with its sorted prefixes and their place indexes. */
  byLength: Array<{ length: number; prefixes: Int32Array; places: Uint16Array }>;
}

const DATA = new URL('./phone-geo-86.txt.br', import.meta.url);
let table: GeoTable | undefined;

function load(): GeoTable {
  const text = brotliDecompressSync(readFileSync(DATA)).toString('utf8');
  const lines = text.split('\n');
  const places: PhonePlace[] = [];
  let i = 0;
  for (; i < lines.length && lines[i] !== ''; i++) {
    const line = lines[i] as string;
    if (line.startsWith('%')) continue;
    const [zh = '', en = ''] = line.split('\t');
    places.push({ zh, en: en || zh });
  }
  const byLength: GeoTable['byLength'] = [];
  let length = 0;
  let prefixes: number[] = [];
  let indexes: number[] = [];
  const close = () => {
    if (length) byLength.push({ length, prefixes: Int32Array.from(prefixes), places: Uint16Array.from(indexes) });
  };
  let previous = 0;
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line) continue;
    if (line.startsWith('#')) {
      close();
      length = Number(line.slice(1));
      prefixes = [];
      indexes = [];
      previous = 0;
      continue;
    }
    const space = line.indexOf(' ');
    previous += Number.parseInt(line.slice(0, space), 36);
    prefixes.push(previous);
    indexes.push(Number.parseInt(line.slice(space + 1), 36));
  }
  close();
  byLength.sort((a, b) => b.length - a.length);
  return { places, byLength };
}

function search(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The place of a Chinese national significant number (no 0 trunk prefix, no 86): longest prefix wins. */
export function cnPlace(national: string): PhonePlace | null {
  if (!/^\d{2,}$/.test(national)) return null;
  table ??= load();
  for (const { length, prefixes, places } of table.byLength) {
    if (national.length < length) continue;
    const at = search(prefixes, Number(national.slice(0, length)));
    if (at >= 0) return table.places[places[at] as number] ?? null;
  }
  return null;
}

/** Whether the table has been loaded (tests: it must not be loaded at start-up). */
export function phoneGeoLoaded(): boolean {
  return table !== undefined;
}
