import { describe, expect, it } from 'vitest';
import { JitterBuffer } from './jitter-buffer.ts';

function harness(depth = 3): { out: (number | string)[]; jb: JitterBuffer<string> } {
  const out: (number | string)[] = [];
  const jb = new JitterBuffer<string>({
    depth,
    onPacket: (item, seq) => {
      expect(item).toBe(`p${seq}`);
      out.push(seq);
    },
    onGap: (first, count) => out.push(`gap ${first}+${count}`),
  });
  return { out, jb };
}

const push = (jb: JitterBuffer<string>, seqs: number[]): void => {
  for (const s of seqs) jb.push(s, `p${s}`);
};

describe('JitterBuffer', () => {
  it('passes an in-order stream straight through', () => {
    const { out, jb } = harness();
    push(jb, [10, 11, 12, 13]);
    expect(out).toEqual([10, 11, 12, 13]);
    expect(jb.size).toBe(0);
  });

  it('restores order and drops duplicates and late packets', () => {
    const { out, jb } = harness();
    push(jb, [1, 3, 3, 2, 5, 4, 3, 1]);
    expect(out).toEqual([1, 2, 3, 4, 5]);
    expect(jb.duplicates).toBe(1);
    expect(jb.late).toBe(2);
  });

  it('gives up a hole when more than depth packets wait, and reports it', () => {
    const { out, jb } = harness(2);
    push(jb, [1, 3, 4]);
    expect(out).toEqual([1]);
    push(jb, [5]);
    expect(out).toEqual([1, 'gap 2+1', 3, 4, 5]);
    push(jb, [2]); // arrives too late
    expect(jb.late).toBe(1);
    expect(jb.lost).toBe(1);
  });

  it('handles sequence wrap-around', () => {
    const { out, jb } = harness();
    push(jb, [65534, 0, 65535, 1]);
    expect(out).toEqual([65534, 65535, 0, 1]);
  });

  it('coalesces a burst loss longer than the ring into one gap', () => {
    const { out, jb } = harness(3);
    push(jb, [1, 2, 60]);
    expect(out).toEqual([1, 2, 'gap 3+54']);
    push(jb, [57, 58, 59]);
    expect(out).toEqual([1, 2, 'gap 3+54', 57, 58, 59, 60]);
  });

  it('restarts on a huge jump and flushes what it held', () => {
    const { out, jb } = harness(3);
    push(jb, [1, 3, 30000, 30001]);
    expect(out).toEqual([1, 'gap 2+1', 3, 30000, 30001]);
    expect(jb.resets).toBe(1);
  });

  it('flush outputs held packets with their gaps', () => {
    const { out, jb } = harness(8);
    push(jb, [1, 3, 6]);
    jb.flush();
    expect(out).toEqual([1, 'gap 2+1', 3, 'gap 4+2', 6]);
    expect(jb.size).toBe(0);
  });
});
