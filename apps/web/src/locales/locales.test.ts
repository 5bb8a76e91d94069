import { describe, expect, it } from 'vitest';
import { enUS } from './en-US/index.ts';
import { zhCN } from './zh-CN/index.ts';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

describe('locales', () => {
  it('zh-CN and en-US have the same keys', () => {
    expect(keys(enUS).sort()).toEqual(keys(zhCN).sort());
  });

  it('no message is empty', () => {
    for (const locale of [zhCN, enUS]) {
      const empty = keys(locale).filter((path) => {
        const leaf = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], locale);
        return typeof leaf !== 'string' || leaf.trim() === '';
      });
      expect(empty).toEqual([]);
    }
  });
});
