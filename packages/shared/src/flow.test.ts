import { describe, expect, it } from 'vitest';
import { parseFlow } from './flow.ts';

function errorOf(json: unknown): string {
  const r = parseFlow(json);
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
}

describe('parseFlow', () => {
  it('accepts a flow and applies defaults', () => {
    const r = parseFlow({
      name: 'main',
      steps: [
        { verb: 'answer' },
        { verb: 'play', tone: 'ringback', durationSec: 3 },
        { verb: 'gather', prompt: [{ prompt: 'please-choose' }, { digits: `$${'{'}caller}` }], terminator: '#' },
        {
          verb: 'menu',
          label: 'top',
          prompt: { prompt: 'please-choose' },
          options: {
            '1': { goto: 'end' },
            '2': {
              steps: [
                { verb: 'say', number: 1020 },
                { verb: 'goto', goto: 'top' },
              ],
            },
          },
          default: '1',
        },
        { verb: 'dial', targets: [{ extension: '1002' }, { uri: 'sip:1003@acme' }] },
        { verb: 'hangup', label: 'end', cause: 'normal' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow.steps[1]).toMatchObject({ verb: 'play', loops: 1, bargeIn: false });
    expect(r.flow.steps[2]).toMatchObject({ maxDigits: 20, timeoutSec: 5, interDigitSec: 3, bargeIn: true });
    expect(r.flow.steps[3]).toMatchObject({ retries: 2, timeoutSec: 5 });
    expect(r.flow.steps[4]).toMatchObject({ strategy: 'parallel', ringTimeoutSec: 30, bridge: true });
  });

  it('accepts JSON text and reports bad JSON', () => {
    expect(parseFlow('{"steps":[{"verb":"echo"}]}').ok).toBe(true);
    expect(errorOf('{bad')).toMatch(/^not JSON/);
  });

  it('names the step and field of each problem', () => {
    expect(errorOf({ steps: [{ verb: 'dance' }] })).toBe(
      'steps[0].verb: a step needs a verb: one of answer, play, say, gather, menu, dial, bridge, record, hangup, goto, set, pause, echo, branch, voicemail, enqueue, survey',
    );
    expect(errorOf({ steps: [{ verb: 'gather', timeoutSec: 500 }] })).toBe('steps[0].timeoutSec: must be at most 120');
    expect(errorOf({ steps: [{ verb: 'pause', sec: 'x' }] })).toBe('steps[0].sec: must be a number of seconds');
    expect(errorOf({ steps: [{ verb: 'record', maxSec: 1.5 }] })).toBe(
      'steps[0].maxSec: must be a whole number from 1 to 3600',
    );
    expect(errorOf({ steps: [{ verb: 'play', file: 'a.wav', prompt: 'b' }] })).toBe(
      'steps[0]: play needs exactly one of file, prompt, tone (got file, prompt)',
    );
    expect(errorOf({ steps: [{ verb: 'gather', prompt: [{ tone: 'busy', durationSec: 0 }] }] })).toBe(
      'steps[0].prompt[0].durationSec: must be at least 1',
    );
    expect(errorOf({ steps: [{ verb: 'dial', targets: [] }] })).toBe(
      'steps[0].targets: dial needs at least one target',
    );
    expect(errorOf({ steps: [{ verb: 'answer', extra: 1 }] })).toMatch(/^steps\[0\]: .*extra/);
    expect(errorOf({ steps: [] })).toBe('steps: a flow needs at least one step');
    expect(errorOf({ steps: [{ verb: 'play', tone: 'whistle' }] })).toBe(
      'steps[0].tone: must be a tone name or {frequencies, cadenceMs}',
    );
  });

  it('checks menu keys, defaults and nested steps', () => {
    const menu = (extra: object) => ({
      steps: [
        { verb: 'menu', prompt: { prompt: 'please-choose' }, options: { '1': { goto: 'a' } }, ...extra },
        { verb: 'answer', label: 'a' },
      ],
    });
    expect(parseFlow(menu({})).ok).toBe(true);
    expect(errorOf(menu({ options: { x: { goto: 'a' } } }))).toBe(
      'steps[0].options.x: a menu option key must be 1-8 digits (0-9 * #)',
    );
    expect(errorOf(menu({ default: '9' }))).toBe("steps[0].default: default '9' is not one of the options");
    expect(errorOf(menu({ options: { '1': { goto: 'a', steps: [{ verb: 'answer' }] } } }))).toBe(
      'steps[0].options.1: an action needs exactly one of goto, steps (got goto, steps)',
    );
    expect(errorOf(menu({ options: { '1': { steps: [{ verb: 'say', number: -1 }] } } }))).toBe(
      'steps[0].options.1.steps[0].number: must be at least 0',
    );
  });

  it('checks labels: unique, and goto only to its own or an enclosing list', () => {
    expect(
      errorOf({
        steps: [
          { verb: 'answer', label: 'x' },
          { verb: 'echo', label: 'x' },
        ],
      }),
    ).toBe("steps[1].label: label 'x' is used twice");
    expect(errorOf({ steps: [{ verb: 'goto', goto: 'nowhere' }] })).toBe(
      "steps[0].goto: goto 'nowhere': no such label in this step list or an enclosing one",
    );
    const nested = {
      steps: [
        {
          verb: 'menu',
          label: 'top',
          prompt: { prompt: 'please-choose' },
          options: {
            '1': {
              steps: [
                { verb: 'answer', label: 'inner' },
                { verb: 'goto', goto: 'top' },
              ],
            },
            '2': { goto: 'inner' },
          },
        },
      ],
    };
    expect(errorOf(nested)).toBe(
      "steps[0].options.2.goto: goto 'inner': no such label in this step list or an enclosing one",
    );
  });

  it('checks variable names and set values', () => {
    expect(errorOf({ steps: [{ verb: 'set', name: '1x', value: {} }] })).toBe(
      'steps[0].name: must be a variable name (letters, digits, _; 1-64); steps[0].value: must be a string, number or boolean',
    );
  });
});
