/**
 * Texts the server seeds in Chinese (apps/server: bootstrap, tenant creation, dictionary defaults), keyed by a
 * stable code. The console shows the current language's text while the stored text is still the seeded one
 * (see i18n/seeded-names.ts); a text the enterprise edited is shown as stored. Must match the server's seeds
 * exactly (checked by locales.test.ts).
 */
export const seeded = {
  platformTenant: '平台运营',
  platformAdmin: '平台管理员',
  tenantAdmin: '{{tenant}}管理员',
  dictionaryTypes: {
    followUpType: '跟进方式',
    followUpStatus: '跟进状态',
    ticketType: '工单类型',
    ticketStatus: '工单状态',
    ticketPriority: '工单优先级',
    busyReason: '置忙原因',
    customerSource: '客户来源',
    customerTag: '客户标签',
    opportunityStage: '商机阶段',
  },
  dictionaryItems: {
    followUpType: { phone: '电话', visit: '拜访', wechat: '微信', sms: '短信', email: '邮件', other: '其他' },
    followUpStatus: {
      new: '新客户',
      following: '跟进中',
      interested: '有意向',
      appointment: '已预约',
      deal: '已成交',
      noAnswer: '未接通',
      invalid: '无效客户',
    },
    ticketType: { consult: '咨询', complaint: '投诉', repair: '报修', suggestion: '建议', order: '订单' },
    ticketStatus: { open: '待处理', processing: '处理中', resolved: '已解决', closed: '已关闭' },
    ticketPriority: { low: '低', normal: '普通', high: '高', urgent: '紧急' },
    busyReason: { rest: '小休', meal: '就餐', meeting: '会议', training: '培训', paperwork: '整理', other: '其他' },
    customerSource: {
      inbound: '呼入',
      outbound: '外呼',
      import: '导入',
      website: '网站',
      referral: '转介绍',
      other: '其他',
    },
    customerTag: { vip: 'VIP', important: '重要客户', potential: '潜在客户' },
    opportunityStage: {
      initial: '初步接洽',
      needs: '需求确认',
      proposal: '方案报价',
      negotiation: '商务谈判',
      won: '赢单',
      lost: '输单',
    },
  },
};
