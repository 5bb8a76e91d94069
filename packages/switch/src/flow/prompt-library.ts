import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAME = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;
const LANG = /^[a-z]{2,3}(-[A-Z]{2})?$/;

export interface PromptLibraryOptions {
  /** Folder holding `<lang>/<name>.wav` and `moh/<name>.wav` (default packages/switch/prompts). */
  root?: string;
  /** Language tried when a prompt is missing in the asked one (default zh-CN). */
  fallbackLang?: string;
  /** For tests. */
  exists?: (path: string) => boolean;
}

/** The prompts shipped in packages/switch/prompts (see scripts/make-prompts.sh). */
export const DEFAULT_PROMPTS_ROOT = fileURLToPath(new URL('../../prompts/', import.meta.url));

/** System prompts used by menus and voicemail, in both languages. */
export const SystemPrompt = {
  PleaseChoose: 'please-choose',
  InvalidInput: 'invalid-input',
  NoInput: 'no-input',
  Goodbye: 'goodbye',
  LeaveMessage: 'leave-message',
  Busy: 'busy',
  Unavailable: 'unavailable',
} as const;
export type SystemPrompt = (typeof SystemPrompt)[keyof typeof SystemPrompt];

/** Maps (name, lang) to a WAV path: `<root>/<lang>/<name>.wav`, else the fallback language's, else null. */
export class PromptLibrary {
  readonly root: string;
  private readonly fallbackLang: string;
  private readonly exists: (path: string) => boolean;
  private readonly cache = new Map<string, string | null>();

  constructor(options: PromptLibraryOptions = {}) {
    this.root = options.root ?? DEFAULT_PROMPTS_ROOT;
    this.fallbackLang = options.fallbackLang ?? 'zh-CN';
    this.exists = options.exists ?? existsSync;
  }

  path(name: string, lang: string): string | null {
    if (!NAME.test(name) || name.length > 128) return null;
    const key = `${lang}\n${name}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    let found: string | null = null;
    for (const l of LANG.test(lang) ? [lang, this.fallbackLang] : [this.fallbackLang]) {
      const candidate = join(this.root, l, `${name}.wav`);
      if (this.exists(candidate)) {
        found = candidate;
        break;
      }
    }
    if (this.cache.size < 4096) this.cache.set(key, found);
    return found;
  }

  /** Music on hold, `<root>/moh/<name>.wav`, or null. */
  musicOnHold(name = 'default'): string | null {
    if (!NAME.test(name) || name.length > 128) return null;
    const key = `moh\n${name}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const candidate = join(this.root, 'moh', `${name}.wav`);
    const found = this.exists(candidate) ? candidate : null;
    if (this.cache.size < 4096) this.cache.set(key, found);
    return found;
  }
}
