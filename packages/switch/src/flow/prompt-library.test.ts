import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PROMPTS_ROOT, PromptLibrary, SystemPrompt } from './prompt-library.ts';
import { SAY_PROMPTS } from './say-number.ts';

describe('PromptLibrary', () => {
  const files = new Set(['/r/zh-CN/goodbye.wav', '/r/en-US/goodbye.wav', '/r/zh-CN/only-zh.wav', '/r/moh/default.wav']);
  const library = new PromptLibrary({ root: '/r', exists: (p) => files.has(p) });

  it('maps (name, lang) to a path and falls back to zh-CN', () => {
    expect(library.path('goodbye', 'en-US')).toBe('/r/en-US/goodbye.wav');
    expect(library.path('goodbye', 'zh-CN')).toBe('/r/zh-CN/goodbye.wav');
    expect(library.path('only-zh', 'en-US')).toBe('/r/zh-CN/only-zh.wav');
    expect(library.path('missing', 'en-US')).toBeNull();
    expect(library.musicOnHold()).toBe('/r/moh/default.wav');
    expect(library.musicOnHold('jazz')).toBeNull();
  });

  it('refuses names and languages that could leave the folder', () => {
    expect(library.path('../secret', 'zh-CN')).toBeNull();
    expect(library.path('/etc/passwd', 'zh-CN')).toBeNull();
    expect(library.path('goodbye', '../..')).toBe('/r/zh-CN/goodbye.wav');
  });

  it('the shipped prompts cover say, the system prompts and music on hold, as small 8 kHz WAVs', () => {
    const shipped = new PromptLibrary();
    for (const lang of ['zh-CN', 'en-US'] as const) {
      const names = [...SAY_PROMPTS.common, ...SAY_PROMPTS[lang], ...Object.values(SystemPrompt)];
      for (const name of names) {
        const path = join(DEFAULT_PROMPTS_ROOT, lang, `${name}.wav`);
        expect(existsSync(path), path).toBe(true);
        expect(shipped.path(name, lang)).toBe(path);
        const size = statSync(path).size;
        expect(size, path).toBeGreaterThan(44 + 800); // > 50 ms of audio
        expect(size, path).toBeLessThan(100_000);
      }
    }
    const moh = shipped.musicOnHold();
    expect(moh).not.toBeNull();
    expect(statSync(moh as string).size).toBeGreaterThan(20 * 16_000);
  });
});
