import type { Messages } from '../zh-CN/index.ts';

export const agentStateLog: Messages['agentStateLog'] = {
  title: 'Agent state log',
  keywordPlaceholder: 'Agent name or number',
  agent: 'Agent',
  agentPlaceholder: 'All agents',
  state: 'State',
  fromState: 'Previous state',
  reason: 'Busy reason',
  startedAt: 'Start',
  endedAt: 'End',
  duration: 'Duration',
  ongoing: 'Ongoing',
  timeRange: 'Start time range',
  startTime: 'From',
  endTime: 'To',
  export: 'Export',
  exportXlsx: 'Export Excel',
  exportCsv: 'Export CSV',
};
