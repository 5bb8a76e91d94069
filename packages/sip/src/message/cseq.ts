import { isDigits, isToken } from './chars.ts';

/** CSeq (RFC 3261 §20.16). */
export interface CSeq {
  seq: number;
  method: string;
}

/** The sequence number must be a 32-bit unsigned integer below 2**31 (RFC 3261 §8.1.1.5). */
export const MAX_CSEQ = 2 ** 31 - 1;

export function parseCSeq(text: string): CSeq | null {
  const s = text.trim();
  let i = 0;
  while (i < s.length && s[i] !== ' ' && s[i] !== '\t') i++;
  const num = s.slice(0, i);
  const method = s.slice(i).trim();
  if (!isDigits(num) || num.length > 10 || !isToken(method)) return null;
  const seq = Number(num);
  if (seq > MAX_CSEQ) return null;
  return { seq, method };
}

export function serializeCSeq(cseq: CSeq): string {
  return `${cseq.seq} ${cseq.method}`;
}
