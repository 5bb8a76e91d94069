/**
 * CPU cost of the conference mixer alone (no sockets): N three-party AudioMixers on one shared MediaClock, every
 * member sending a 20 ms G.711 payload per tick (half PCMU, half PCMA) and getting its mix back through a counting
 * send(). Two figures: (1) real time — the clock at 50 ticks/s for T seconds, CPU of this process over the window
 * as a share of one core, and late or skipped ticks; (2) flat out — how many mixed member-frames per second one
 * core manages, ticking the mixers back to back.
 *
 *   npx tsx bench/mixer-cpu.ts [--conferences 200] [--members 3] [--seconds 10]
 */
import { parseArgs } from 'node:util';
import { AudioMixer, encodeG711, G711Law, MediaClock, ToneGenerator } from '../packages/media/src/index.ts';
import { fixed, table } from './lib/table.ts';

const { values } = parseArgs({
  options: {
    conferences: { type: 'string', default: '200' },
    members: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
  },
});
const conferences = Number(values.conferences);
const membersPer = Number(values.members);
const seconds = Number(values.seconds);

// 50 distinct pre-encoded frames per law per tone: input costs what a received packet costs (a Buffer to decode).
const FREQS = [400, 800, 1200, 1600];
function frames(freq: number, law: G711Law): Buffer[] {
  const gen = new ToneGenerator({ frequencies: [freq], cadenceMs: [], levelDbm0: -10 });
  return Array.from({ length: 50 }, () => encodeG711(law, gen.next(new Int16Array(160))));
}
const payloads = new Map<string, Buffer[]>();
for (const f of FREQS) for (const law of [G711Law.PCMU, G711Law.PCMA]) payloads.set(`${f}/${law}`, frames(f, law));

interface Feed {
  mixer: AudioMixer;
  id: string;
  law: G711Law;
  frames: Buffer[];
}

function build(clock: Pick<MediaClock, 'subscribe'>): { mixers: AudioMixer[]; feeds: Feed[]; sent: () => number } {
  let sent = 0;
  const mixers: AudioMixer[] = [];
  const feeds: Feed[] = [];
  for (let c = 0; c < conferences; c++) {
    const mixer = new AudioMixer({ clock, name: `conf-${c}` });
    for (let m = 0; m < membersPer; m++) {
      const law = (c + m) % 2 === 0 ? G711Law.PCMU : G711Law.PCMA;
      const id = `c${c}m${m}`;
      mixer.add(id, { law, send: () => sent++ });
      feeds.push({ mixer, id, law, frames: payloads.get(`${FREQS[m % FREQS.length]}/${law}`) ?? [] });
    }
    mixers.push(mixer);
  }
  return { mixers, feeds, sent: () => sent };
}

function feedAll(feeds: Feed[], tick: number): void {
  for (const f of feeds) f.mixer.input(f.id, f.law, f.frames[tick % f.frames.length] as Buffer);
}

async function realTime(): Promise<{ cpuShare: number; ticks: number; expected: number; framesPerSecond: number }> {
  const clock = new MediaClock();
  let tick = 0;
  let feeds: Feed[] = [];
  // Subscribed first: the packets of a tick arrive before the mixers mix it.
  const stopFeeding = clock.subscribe(() => feedAll(feeds, tick++));
  const built = build(clock);
  feeds = built.feeds;
  await new Promise((r) => setTimeout(r, 1000)); // warm up
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const tick0 = tick;
  const sent0 = built.sent();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  const ticks = tick - tick0;
  const framesPerSecond = ((built.sent() - sent0) * 1000) / wallMs;
  for (const m of built.mixers) m.close();
  stopFeeding();
  return { cpuShare: (cpu.user + cpu.system) / 1000 / wallMs, ticks, expected: wallMs / 20, framesPerSecond };
}

function flatOut(): { framesPerSecond: number; ticksPerSecond: number } {
  const manual = { subscribe: () => () => {} };
  const built = build(manual);
  const warm = 200;
  for (let t = 0; t < warm; t++) {
    feedAll(built.feeds, t);
    for (const m of built.mixers) m.tick();
  }
  const sent0 = built.sent();
  const t0 = performance.now();
  let t = 0;
  while (performance.now() - t0 < 3000 && t < 1_000_000) {
    feedAll(built.feeds, t);
    for (const m of built.mixers) m.tick();
    t++;
  }
  const ms = performance.now() - t0;
  return { framesPerSecond: ((built.sent() - sent0) * 1000) / ms, ticksPerSecond: (t * 1000) / ms };
}

process.stdout.write(`node ${process.version}; ${conferences} conferences x ${membersPer} members, ${seconds} s\n`);
const rt = await realTime();
const fo = flatOut();
const needed = conferences * membersPer * 50;
process.stdout.write(
  table(
    ['figure', 'value'],
    [
      ['member frames needed /s', needed],
      ['real time: member frames mixed /s', fixed(rt.framesPerSecond, 0)],
      ['real time: ticks delivered / due', `${rt.ticks} / ${fixed(rt.expected, 0)}`],
      ['real time: CPU, share of one core', `${fixed(rt.cpuShare * 100, 1)} %`],
      ['flat out: member frames /s on one core', fixed(fo.framesPerSecond, 0)],
      ['flat out: conference ticks /s (all mixers)', fixed(fo.ticksPerSecond, 0)],
      ['flat out: headroom over real time', `${fixed(fo.framesPerSecond / needed, 1)} x`],
    ],
  ),
);
