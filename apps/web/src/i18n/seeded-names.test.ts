import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DICTIONARIES } from '../../../server/src/modules/dictionary/defaults.ts';
import { enUS } from '../locales/en-US/index.ts';
import { zhCN } from '../locales/zh-CN/index.ts';
import {
  dictionaryItemLabel,
  dictionaryTypeLabel,
  personLabel,
  roleLabel,
  seededNamesIn,
  tenantLabel,
} from './seeded-names.ts';

describe('seeded names', () => {
  let en: TFunction;
  let zh: TFunction;
  beforeAll(async () => {
    const i18n = i18next.createInstance();
    await i18n.init({
      resources: { 'zh-CN': { translation: zhCN }, 'en-US': { translation: enUS } },
      lng: 'en-US',
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
    en = i18n.getFixedT('en-US');
    zh = i18n.getFixedT('zh-CN');
  });

  it('the zh-CN texts are exactly what the server seeds, so a seeded name is recognised', () => {
    for (const [code, type] of Object.entries(DEFAULT_DICTIONARIES)) {
      expect(zh(`seeded.dictionaryTypes.${code}`)).toBe(type.name);
      for (const [value, label] of type.items) expect(zh(`seeded.dictionaryItems.${code}.${value}`)).toBe(label);
    }
  });

  it('shows built-in roles by code, custom ones as named', () => {
    expect(roleLabel(en, '坐席', 'agent')).toBe('Agent');
    expect(roleLabel(zh, '坐席', 'agent')).toBe('坐席');
    expect(roleLabel(en, '外呼组', null)).toBe('外呼组');
  });

  it('translates dictionary types and items while they are the seeded ones, not once an enterprise edited them', () => {
    const type = { code: 'followUpStatus', name: '跟进状态', builtin: true };
    expect(dictionaryTypeLabel(en, type)).toBe('Follow-up status');
    expect(dictionaryTypeLabel(en, { ...type, name: '客户进展' })).toBe('客户进展');
    expect(dictionaryTypeLabel(en, { code: 'level', name: '等级', builtin: false })).toBe('等级');
    expect(dictionaryItemLabel(en, 'followUpStatus', { value: 'interested', label: '有意向' })).toBe('Interested');
    expect(dictionaryItemLabel(en, 'followUpStatus', { value: 'interested', label: '很有意向' })).toBe('很有意向');
    expect(dictionaryItemLabel(en, 'followUpStatus', { value: 'vipOnly', label: '大客户' })).toBe('大客户');
  });

  it('translates the platform enterprise and the generated admins, not other names', () => {
    expect(tenantLabel(en, { name: '平台运营', isPlatform: true })).toBe('Platform operations');
    expect(tenantLabel(en, { name: '平台运营', isPlatform: false })).toBe('平台运营');
    expect(personLabel(en, '平台管理员', { tenantName: '艾克米' })).toBe('Platform admin');
    expect(personLabel(en, '艾克米管理员', { tenantName: '艾克米' })).toBe('艾克米 admin');
    expect(personLabel(en, '张三', { tenantName: '艾克米' })).toBe('张三');
    expect(personLabel(zh, '艾克米管理员', { tenantName: '艾克米' })).toBe('艾克米管理员');
  });

  it('translates whole seeded names inside a sentence, leaving longer names that contain them', () => {
    const text = '艾克米管理员 created user 张三 (8001): roles 坐席, 坐席组长; by 平台管理员';
    expect(seededNamesIn(en, text, { tenantName: '艾克米' })).toBe(
      '艾克米 admin created user 张三 (8001): roles Agent, 坐席组长; by Platform admin',
    );
    expect(seededNamesIn(zh, text, { tenantName: '艾克米' })).toBe(text);
  });
});
