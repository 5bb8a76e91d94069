import { type Flow, type IvrMenuNode, ivrTree, parseFlow, type Step, type StepOf } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { compileIvr, type IvrCompileContext, IvrCompileError, ivrLabel } from './ivr-compile.ts';

const VF = '6f1c0a4e-7a53-4d7e-9d55-2f1b8f3f0a01';
const QUEUE = '0b7f6a8e-3c2d-4e1f-8a9b-1c2d3e4f5a6b';
const ctx = (over: Partial<IvrCompileContext> = {}): IvrCompileContext => ({
  extensions: ['1001', '1002', '8001', '12'],
  voiceFilePath: (id) => (id === VF ? '/data/t1/voice/welcome.wav' : undefined),
  ...over,
});

/** 主菜单: 1 → 销售 (sub-menu: 1 → 1001, 2 → 1002, 9 back, 0 repeat), 2 → queue, * repeat; direct dial 4 digits. */
function twoLevel(): IvrMenuNode {
  return ivrTree.parse({
    name: '主菜单',
    prompt: { kind: 'voiceFile', voiceFileId: VF },
    timeoutSec: 4,
    retries: 1,
    directDial: { enabled: true, maxDigits: 4 },
    onTimeout: { type: 'destination', destination: { kind: 'extension', number: '8001' } },
    keys: [
      {
        key: '1',
        action: {
          type: 'menu',
          menu: {
            name: '销售',
            prompt: { kind: 'system', name: 'please-choose' },
            keys: [
              { key: '1', action: { type: 'destination', destination: { kind: 'extension', number: '1001' } } },
              { key: '2', action: { type: 'destination', destination: { kind: 'extension', number: '1002' } } },
              { key: '9', action: { type: 'back' } },
              { key: '0', action: { type: 'repeat' } },
            ],
            onInvalid: { type: 'back' },
          },
        },
      },
      { key: '2', action: { type: 'destination', destination: { kind: 'queue', queueId: QUEUE } } },
      { key: '*', action: { type: 'repeat' } },
    ],
  });
}

const menus = (f: Flow) => f.steps.filter((s): s is StepOf<'menu'> => s.verb === 'menu');
const byLabel = (f: Flow, label: string) => f.steps.find((s) => s.label === label) as Step;
const stepsOf = (a: unknown) => (a as { steps: Step[] }).steps;

describe('compileIvr', () => {
  it('compiles a two-level menu into labelled blocks that pass the flow schema', () => {
    const flow = compileIvr(twoLevel(), ctx());
    expect(parseFlow(flow).ok).toBe(true);
    expect(flow.name).toBe('主菜单');
    expect(flow.steps[0]?.verb).toBe('answer');
    expect(menus(flow).map((m) => m.label)).toEqual(['n', 'n-1']);
    const top = byLabel(flow, 'n') as StepOf<'menu'>;
    expect(top.prompt).toEqual({ file: '/data/t1/voice/welcome.wav' });
    expect(top.timeoutSec).toBe(4);
    expect(top.retries).toBe(1);
    expect(top.options['1']).toEqual({ goto: 'n-1' });
    expect(top.options['*']).toEqual({ goto: 'n' });
    const sub = byLabel(flow, 'n-1') as StepOf<'menu'>;
    expect(sub.prompt).toEqual({ prompt: 'please-choose' });
    expect(stepsOf(sub.options['1'])[0]).toMatchObject({ verb: 'dial', targets: [{ extension: '1001' }] });
    expect(sub.options['9']).toEqual({ goto: 'n' });
    expect(sub.options['0']).toEqual({ goto: 'n-1' });
  });

  it('no block falls through into the next: each ends with a hangup', () => {
    const flow = compileIvr(twoLevel(), ctx());
    const subAt = flow.steps.findIndex((s) => s.label === 'n-1');
    expect(flow.steps[subAt - 1]?.verb).toBe('hangup');
    expect(flow.steps.at(-1)?.verb).toBe('hangup');
    // A destination's steps end the call too (dial, then "unavailable" and hang up when nobody answers).
    const sub = byLabel(flow, 'n-1') as StepOf<'menu'>;
    expect(stepsOf(sub.options['2']).map((s) => s.verb)).toEqual(['dial', 'play', 'hangup']);
  });

  it('timeout and invalid paths: the configured action, else goodbye and hang up', () => {
    const flow = compileIvr(twoLevel(), ctx());
    const top = byLabel(flow, 'n') as StepOf<'menu'>;
    expect(stepsOf(top.default)[0]).toMatchObject({ verb: 'dial', targets: [{ extension: '8001' }] });
    expect(stepsOf(top.onFailure).map((s) => s.verb)).toEqual(['play', 'hangup']);
    expect(stepsOf(top.onFailure)[0]).toMatchObject({ prompt: 'goodbye' });
    const sub = byLabel(flow, 'n-1') as StepOf<'menu'>;
    expect(sub.onFailure).toEqual({ goto: 'n' });
    expect(sub.retries).toBe(2);
    expect(sub.timeoutSec).toBe(5);
  });

  it('direct dial: extension numbers up to maxDigits become keys that jump to one dial of the choice', () => {
    const flow = compileIvr(twoLevel(), ctx());
    const top = byLabel(flow, 'n') as StepOf<'menu'>;
    for (const n of ['1001', '1002', '8001', '12']) expect(top.options[n]).toEqual({ goto: 'n-direct' });
    const direct = byLabel(flow, 'n-direct') as StepOf<'dial'>;
    expect(direct.targets).toEqual([{ extension: `\${menuChoice}` }]);
    // The sub-menu has no direct dial; an extension longer than maxDigits is no key.
    const sub = byLabel(flow, 'n-1') as StepOf<'menu'>;
    expect(Object.keys(sub.options).sort()).toEqual(['0', '1', '2', '9']);
    const short = compileIvr({ ...twoLevel(), directDial: { enabled: true, maxDigits: 2 } }, ctx());
    expect(Object.keys((byLabel(short, 'n') as StepOf<'menu'>).options).sort()).toEqual(['*', '1', '12', '2']);
  });

  it('hands queue, voicemail, ivr and external destinations off by name unless the context compiles them', () => {
    const flow = compileIvr(twoLevel(), ctx());
    const top = byLabel(flow, 'n') as StepOf<'menu'>;
    expect(stepsOf(top.options['2'])[0]).toEqual({ verb: 'set', name: 'handoff', value: `queue:${QUEUE}` });
    const own = compileIvr(
      twoLevel(),
      ctx({ handoff: (d) => (d.kind === 'queue' ? [{ verb: 'set', name: 'queue', value: d.queueId }] : undefined) }),
    );
    expect(stepsOf((byLabel(own, 'n') as StepOf<'menu'>).options['2'])).toEqual([
      { verb: 'set', name: 'queue', value: QUEUE },
    ]);
  });

  it('ring groups dial all or in order; prompt destinations play and hang up; * and # get labels of their own', () => {
    const tree = ivrTree.parse({
      name: 'top',
      prompt: { kind: 'system', name: 'please-choose' },
      keys: [
        {
          key: '#',
          action: {
            type: 'menu',
            menu: {
              name: 'hash',
              prompt: { kind: 'system', name: 'please-choose' },
              keys: [
                {
                  key: '1',
                  action: {
                    type: 'destination',
                    destination: { kind: 'ringGroup', numbers: ['1001', '1002'], strategy: 'order' },
                  },
                },
                { key: '2', action: { type: 'destination', destination: { kind: 'prompt', prompt: 'busy' } } },
                { key: '3', action: { type: 'destination', destination: { kind: 'hangup' } } },
              ],
            },
          },
        },
      ],
    });
    const flow = compileIvr(tree, ctx());
    expect(ivrLabel(['#', '*'])).toBe('n-h-s');
    const sub = byLabel(flow, 'n-h') as StepOf<'menu'>;
    expect(stepsOf(sub.options['1'])[0]).toMatchObject({
      verb: 'dial',
      strategy: 'sequential',
      targets: [{ extension: '1001' }, { extension: '1002' }],
      ringTimeoutSec: 20,
    });
    expect(stepsOf(sub.options['2'])).toEqual([
      { verb: 'play', prompt: 'busy', loops: 1, bargeIn: false },
      { verb: 'hangup' },
    ]);
    expect(stepsOf(sub.options['3'])).toEqual([{ verb: 'hangup' }]);
  });

  it('refuses a voice file the context does not resolve (not approved, another tenant)', () => {
    const tree = { ...twoLevel(), prompt: { kind: 'voiceFile' as const, voiceFileId: QUEUE } };
    expect(() => compileIvr(tree, ctx())).toThrow(IvrCompileError);
  });

  it('a five-level tree compiles; the schema refuses six levels, back at the top and a key twice', () => {
    const level = (depth: number): IvrMenuNode => ({
      name: `L${depth}`,
      prompt: { kind: 'system', name: 'please-choose' },
      keys:
        depth === 1
          ? [{ key: '9', action: { type: 'back' } }]
          : [
              { key: '1', action: { type: 'menu', menu: level(depth - 1) } },
              { key: '9', action: { type: 'back' } },
            ],
    });
    const five = { ...level(5), keys: level(5).keys.filter((k) => k.key !== '9') };
    expect(ivrTree.safeParse(five).success).toBe(true);
    const flow = compileIvr(five, ctx());
    expect(menus(flow).map((m) => m.label)).toEqual(['n', 'n-1', 'n-1-1', 'n-1-1-1', 'n-1-1-1-1']);
    expect((byLabel(flow, 'n-1-1-1-1') as StepOf<'menu'>).options['9']).toEqual({ goto: 'n-1-1-1' });
    const six = { ...level(6), keys: level(6).keys.filter((k) => k.key !== '9') };
    const sixIssues = ivrTree.safeParse(six).error?.issues.map((i) => i.message);
    expect(sixIssues).toEqual(['ivrTooDeep']);
    const backTop = ivrTree.safeParse(level(5)).error?.issues.map((i) => [i.path.join('.'), i.message]);
    expect(backTop).toEqual([['keys.1.action', 'ivrBackAtTop']]);
    const twice = ivrTree.safeParse({
      name: 'x',
      prompt: { kind: 'system', name: 'please-choose' },
      keys: [
        { key: '1', action: { type: 'repeat' } },
        { key: '1', action: { type: 'destination', destination: { kind: 'hangup' } } },
      ],
    });
    expect(twice.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['keys.1.key', 'ivrKeyTwice']]);
  });

  it('another menu as a key compiles into the same flow under labels of its own; a cycle jumps back', () => {
    const A = '11111111-1111-4111-8111-111111111111';
    const B = '22222222-2222-4222-8222-222222222222';
    const dest = (destination: unknown) => ({ type: 'destination', destination });
    const menuA = ivrTree.parse({
      name: '总机',
      prompt: { kind: 'system', name: 'please-choose' },
      keys: [
        { key: '1', action: dest({ kind: 'extension', number: '1001' }) },
        { key: '3', action: dest({ kind: 'ivr', ivrId: B }) },
      ],
    });
    const menuB = ivrTree.parse({
      name: '售后',
      prompt: { kind: 'system', name: 'please-choose' },
      keys: [
        {
          key: '1',
          action: {
            type: 'menu',
            menu: {
              name: '维修',
              prompt: { kind: 'system', name: 'busy' },
              keys: [{ key: '0', action: dest({ kind: 'ivr', ivrId: A }) }],
            },
          },
        },
        { key: '2', action: dest({ kind: 'extension', number: '1002' }) },
        { key: '0', action: dest({ kind: 'ivr', ivrId: A }) },
      ],
    });
    const flow = compileIvr(menuA, ctx({ selfId: A, menus: (id) => (id === B ? menuB : undefined) }));
    expect(parseFlow(flow).ok).toBe(true);
    expect(menus(flow).map((m) => m.label)).toEqual(['n', 'm1', 'm1-1']);
    const top = byLabel(flow, 'n') as StepOf<'menu'>;
    expect(stepsOf(top.options['3'])).toEqual([{ verb: 'goto', goto: 'm1' }]);
    const b = byLabel(flow, 'm1') as StepOf<'menu'>;
    expect(b.options['1']).toEqual({ goto: 'm1-1' });
    expect(stepsOf(b.options['0'])).toEqual([{ verb: 'goto', goto: 'n' }]);
    expect(stepsOf((byLabel(flow, 'm1-1') as StepOf<'menu'>).options['0'])).toEqual([{ verb: 'goto', goto: 'n' }]);
    // Without the other menu at hand the key keeps the default hand-off.
    const alone = compileIvr(menuA, ctx({ selfId: A }));
    expect(stepsOf((byLabel(alone, 'n') as StepOf<'menu'>).options['3'])[0]).toMatchObject({
      verb: 'set',
      name: 'handoff',
    });
  });
});
