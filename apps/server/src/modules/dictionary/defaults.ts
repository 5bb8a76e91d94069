import type { BuiltinDictionaryType } from '@hujiao/shared';

/** Default choices each tenant starts with: [value, zh-CN label]. Tenants edit them in 数据字典. */
export const DEFAULT_DICTIONARIES: Record<BuiltinDictionaryType, { name: string; items: Array<[string, string]> }> = {
  followUpType: {
    name: '跟进方式',
    items: [
      ['phone', '电话'],
      ['visit', '拜访'],
      ['wechat', '微信'],
      ['sms', '短信'],
      ['email', '邮件'],
      ['other', '其他'],
    ],
  },
  followUpStatus: {
    name: '跟进状态',
    items: [
      ['new', '新客户'],
      ['following', '跟进中'],
      ['interested', '有意向'],
      ['appointment', '已预约'],
      ['deal', '已成交'],
      ['noAnswer', '未接通'],
      ['invalid', '无效客户'],
    ],
  },
  ticketType: {
    name: '工单类型',
    items: [
      ['consult', '咨询'],
      ['complaint', '投诉'],
      ['repair', '报修'],
      ['suggestion', '建议'],
      ['order', '订单'],
    ],
  },
  ticketStatus: {
    name: '工单状态',
    items: [
      ['open', '待处理'],
      ['processing', '处理中'],
      ['resolved', '已解决'],
      ['closed', '已关闭'],
    ],
  },
  ticketPriority: {
    name: '工单优先级',
    items: [
      ['low', '低'],
      ['normal', '普通'],
      ['high', '高'],
      ['urgent', '紧急'],
    ],
  },
  busyReason: {
    name: '置忙原因',
    items: [
      ['rest', '小休'],
      ['meal', '就餐'],
      ['meeting', '会议'],
      ['training', '培训'],
      ['paperwork', '整理'],
      ['other', '其他'],
    ],
  },
  customerSource: {
    name: '客户来源',
    items: [
      ['inbound', '呼入'],
      ['outbound', '外呼'],
      ['import', '导入'],
      ['website', '网站'],
      ['referral', '转介绍'],
      ['other', '其他'],
    ],
  },
  customerTag: {
    name: '客户标签',
    items: [
      ['vip', 'VIP'],
      ['important', '重要客户'],
      ['potential', '潜在客户'],
    ],
  },
  opportunityStage: {
    name: '商机阶段',
    items: [
      ['initial', '初步接洽'],
      ['needs', '需求确认'],
      ['proposal', '方案报价'],
      ['negotiation', '商务谈判'],
      ['won', '赢单'],
      ['lost', '输单'],
    ],
  },
};
