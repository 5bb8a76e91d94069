import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export interface NormalisedPhone {
  raw: string;
  /** E.164 for valid numbers; the bare digits for short service numbers (10086, 95588); null if invalid. */
  e164: string | null;
  region: string | null;
  carrier: string | null;
}

/** 中国大陆手机号段 → carrier (three-digit prefixes; 1740x/1349 satellite ranges are ignored). */
const CN_CARRIERS: Array<[string, string[]]> = [
  [
    '中国移动',
    [
      '134',
      '135',
      '136',
      '137',
      '138',
      '139',
      '147',
      '148',
      '150',
      '151',
      '152',
      '157',
      '158',
      '159',
      '165',
      '172',
      '178',
      '182',
      '183',
      '184',
      '187',
      '188',
      '195',
      '197',
      '198',
    ],
  ],
  [
    '中国联通',
    ['130', '131', '132', '145', '146', '155', '156', '166', '167', '171', '175', '176', '185', '186', '196'],
  ],
  ['中国电信', ['133', '149', '153', '162', '173', '174', '177', '180', '181', '189', '190', '191', '193', '199']],
  ['中国广电', ['192']],
];
const carrierByPrefix = new Map(CN_CARRIERS.flatMap(([name, prefixes]) => prefixes.map((p) => [p, name] as const)));

/** Area codes of the larger Chinese cities (固话区号 → city); other landlines show the country only. */
const CN_AREA_CODES: Record<string, string> = {
  '10': '北京',
  '21': '上海',
  '22': '天津',
  '23': '重庆',
  '20': '广东 广州',
  '755': '广东 深圳',
  '757': '广东 佛山',
  '769': '广东 东莞',
  '25': '江苏 南京',
  '512': '江苏 苏州',
  '510': '江苏 无锡',
  '27': '湖北 武汉',
  '28': '四川 成都',
  '29': '陕西 西安',
  '571': '浙江 杭州',
  '574': '浙江 宁波',
  '577': '浙江 温州',
  '24': '辽宁 沈阳',
  '411': '辽宁 大连',
  '531': '山东 济南',
  '532': '山东 青岛',
  '371': '河南 郑州',
  '731': '湖南 长沙',
  '591': '福建 福州',
  '592': '福建 厦门',
  '551': '安徽 合肥',
  '791': '江西 南昌',
  '311': '河北 石家庄',
  '351': '山西 太原',
  '431': '吉林 长春',
  '451': '黑龙江 哈尔滨',
  '871': '云南 昆明',
  '851': '贵州 贵阳',
  '771': '广西 南宁',
  '898': '海南 海口',
  '471': '内蒙古 呼和浩特',
  '931': '甘肃 兰州',
  '971': '青海 西宁',
  '951': '宁夏 银川',
  '991': '新疆 乌鲁木齐',
  '891': '西藏 拉萨',
};

const regionNames = new Intl.DisplayNames(['zh-CN'], { type: 'region' });

function cnLandlineCity(national: string): string | null {
  for (const len of [2, 3]) {
    const city = CN_AREA_CODES[national.slice(0, len)];
    if (city) return city;
  }
  return null;
}

/**
 * Normalises a number as typed or imported (Chinese numbers without country code are assumed) and tells its
 * 归属地 where the data allows: the country, the city of a Chinese landline, the carrier of a Chinese mobile.
 */
export function normalisePhone(input: string, defaultCountry: 'CN' = 'CN'): NormalisedPhone {
  const raw = input.trim();
  let text = raw.replace(/[\s()-]/g, '');
  // Fast path for the common case (a bare mainland mobile): imports normalise millions of these.
  const mobile = /^(?:\+?86)?(1[3-9]\d{9})$/.exec(text)?.[1];
  if (mobile)
    return { raw, e164: `+86${mobile}`, region: '中国', carrier: carrierByPrefix.get(mobile.slice(0, 3)) ?? null };
  if (/^00\d/.test(text)) text = `+${text.slice(2)}`;
  else if (/^86\d{11}$/.test(text)) text = `+${text}`;
  const parsed = /^\+?\d{3,20}$/.test(text) ? parsePhoneNumberFromString(text, defaultCountry) : undefined;
  if (parsed?.isValid()) {
    const country = parsed.country ?? null;
    let region = country ? (regionNames.of(country) ?? country) : null;
    let carrier: string | null = null;
    if (country === 'CN') {
      const national = String(parsed.nationalNumber);
      const type = parsed.getType();
      if (type === 'MOBILE' || (national.length === 11 && national.startsWith('1'))) {
        carrier = carrierByPrefix.get(national.slice(0, 3)) ?? null;
      } else {
        region = cnLandlineCity(national) ?? region;
      }
    }
    return { raw, e164: parsed.number, region, carrier };
  }
  if (/^\d{3,8}$/.test(text)) return { raw, e164: text, region: null, carrier: null };
  return { raw, e164: null, region: null, carrier: null };
}

/** The look-up key of a number typed in a search box or arriving as caller id. */
export function phoneKey(input: string): string | null {
  return normalisePhone(input).e164;
}
