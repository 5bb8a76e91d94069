import { describe, expect, it } from 'vitest';
import { dtmfRelayBody, normalizeDigit, parseInfoDtmf } from './info-dtmf.ts';

const body = (s: string) => Buffer.from(s, 'utf8');

describe('SIP INFO DTMF bodies', () => {
  it('reads application/dtmf-relay (Signal and Duration, any case, LF or CRLF)', () => {
    expect(parseInfoDtmf('application/dtmf-relay', body('Signal=5\r\nDuration=160\r\n'))).toEqual({
      kind: 'digit',
      digit: '5',
      durationMs: 160,
    });
    expect(parseInfoDtmf('Application/DTMF-Relay; charset=utf-8', body('signal = #\nduration= 250'))).toEqual({
      kind: 'digit',
      digit: '#',
      durationMs: 250,
    });
    expect(parseInfoDtmf('application/dtmf-relay', body('Signal=11\r\n'))).toMatchObject({ digit: '#' });
    expect(parseInfoDtmf('application/dtmf-relay', body('Signal=a\r\n'))).toMatchObject({ digit: 'A' });
  });

  it('reads application/dtmf (the digit alone)', () => {
    expect(parseInfoDtmf('application/dtmf', body('7'))).toEqual({ kind: 'digit', digit: '7', durationMs: undefined });
    expect(parseInfoDtmf('application/dtmf', body('10\r\n'))).toMatchObject({ digit: '*' });
  });

  it('tells empty, invalid and unsupported bodies apart', () => {
    expect(parseInfoDtmf(undefined, Buffer.alloc(0))).toEqual({ kind: 'empty' });
    expect(parseInfoDtmf('application/dtmf-relay', body('Duration=160'))).toEqual({ kind: 'invalid' });
    expect(parseInfoDtmf('application/dtmf', body('16'))).toEqual({ kind: 'invalid' });
    expect(parseInfoDtmf('application/dtmf', body('xy'))).toEqual({ kind: 'invalid' });
    expect(parseInfoDtmf('text/plain', body('5'))).toEqual({ kind: 'unsupported' });
    expect(parseInfoDtmf(undefined, body('5'))).toEqual({ kind: 'unsupported' });
  });

  it('normalizes digits and writes the dtmf-relay body', () => {
    expect(['0', '9', '*', '#', 'd', '12', '15', '16', '99', 'E'].map(normalizeDigit)).toEqual([
      '0',
      '9',
      '*',
      '#',
      'D',
      'A',
      'D',
      undefined,
      undefined,
      undefined,
    ]);
    expect(dtmfRelayBody('5')).toBe('Signal=5\r\nDuration=160\r\n');
  });
});
