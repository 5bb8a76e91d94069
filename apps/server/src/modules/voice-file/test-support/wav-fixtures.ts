import { encodePcma, encodePcmu } from '@hujiao/media';

export type FixtureEncoding = 'pcm8' | 'pcm16' | 'pcm24' | 'pcm32' | 'float32' | 'alaw' | 'ulaw';

/** One sine per channel (frequency in Hz, amplitude 0..1). */
export function sine(rate: number, seconds: number, hz: number, amplitude = 0.5): Float32Array {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate);
  return out;
}

/** A RIFF WAVE file of the given channels and encoding, written as other tools write them. */
export function makeWav(channels: Float32Array[], rate: number, encoding: FixtureEncoding): Buffer {
  const frames = channels[0]?.length ?? 0;
  const n = channels.length;
  const interleaved = new Float32Array(frames * n);
  for (let f = 0; f < frames; f++) for (let c = 0; c < n; c++) interleaved[f * n + c] = channels[c]?.[f] ?? 0;
  const toInt16 = () => Int16Array.from(interleaved, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767))));
  let code = 1;
  let bits = 16;
  let data: Buffer;
  switch (encoding) {
    case 'pcm8':
      bits = 8;
      data = Buffer.from(Uint8Array.from(interleaved, (v) => Math.max(0, Math.min(255, Math.round(v * 127 + 128)))));
      break;
    case 'pcm16':
      data = Buffer.from(toInt16().buffer);
      break;
    case 'pcm24':
      bits = 24;
      data = Buffer.alloc(interleaved.length * 3);
      for (const [i, v] of interleaved.entries()) data.writeIntLE(Math.round(v * 8388607), i * 3, 3);
      break;
    case 'pcm32':
      bits = 32;
      data = Buffer.alloc(interleaved.length * 4);
      for (const [i, v] of interleaved.entries()) data.writeInt32LE(Math.round(v * 2147483647), i * 4);
      break;
    case 'float32':
      code = 3;
      bits = 32;
      data = Buffer.alloc(interleaved.length * 4);
      for (const [i, v] of interleaved.entries()) data.writeFloatLE(v, i * 4);
      break;
    default:
      code = encoding === 'alaw' ? 6 : 7;
      bits = 8;
      data = (encoding === 'alaw' ? encodePcma : encodePcmu)(toInt16());
  }
  const fmt = Buffer.alloc(16);
  fmt.writeUInt16LE(code, 0);
  fmt.writeUInt16LE(n, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE((rate * n * bits) / 8, 8);
  fmt.writeUInt16LE((n * bits) / 8, 12);
  fmt.writeUInt16LE(bits, 14);
  const chunk = (id: string, body: Buffer) => {
    const h = Buffer.alloc(8);
    h.write(id, 0, 'latin1');
    h.writeUInt32LE(body.length, 4);
    return Buffer.concat([h, body, body.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
  };
  // A LIST chunk before the data, as many editors write: readers must skip what they do not know.
  const list = chunk('LIST', Buffer.from('INFOISFT\x06\x00\x00\x00hujiao', 'latin1'));
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), chunk('fmt ', fmt), list, chunk('data', data)]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}
