import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskWriter } from './disk-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'disk-writer-'));
const writer = new DiskWriter();
afterAll(async () => {
  await writer.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('DiskWriter (file calls on a thread of its own)', () => {
  it('writes data and zero runs in order, at their positions, and overwrites in place', async () => {
    const path = join(dir, 'a.bin');
    const file = await writer.open(path);
    const pooled = Buffer.from('abcdef'); // a view into Node's shared pool: only its own octets may go over
    writer.write(file, [pooled.subarray(1, 3), 3, Uint8Array.of(9)], 0);
    writer.write(file, [Buffer.from('XY')], 0);
    await writer.close(file);
    expect([...readFileSync(path)]).toEqual([88, 89, 0, 0, 0, 9]);
  });

  it('keeps many files of one turn apart', async () => {
    const files = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.open(join(dir, `f${i}.bin`))));
    for (const [i, f] of files.entries()) writer.write(f, [Buffer.from(`file ${i}`), 70_000], 0);
    await Promise.all(files.map((f) => writer.close(f)));
    for (let i = 0; i < 50; i++) {
      const data = readFileSync(join(dir, `f${i}.bin`));
      expect(data.subarray(0, `file ${i}`.length).toString()).toBe(`file ${i}`);
      expect(data.length).toBe(`file ${i}`.length + 70_000);
    }
  });

  it('rejects an open in a missing folder with its error code, and goes on serving others', async () => {
    await expect(writer.open(join(dir, 'missing', 'x.wav'))).rejects.toMatchObject({ code: 'ENOENT' });
    const file = await writer.open(join(dir, 'after.bin'));
    writer.write(file, [Buffer.from('ok')], 0);
    await writer.close(file);
    expect(readFileSync(join(dir, 'after.bin')).toString()).toBe('ok');
  });
});
