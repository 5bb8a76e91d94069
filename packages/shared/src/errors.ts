/**
 * Domain error codes: the API answers `{ error: { code, message, details? } }` with the HTTP status below and
 * `message` translated to the caller's language. The web console uses the same catalogue.
 */
export const LOCALES = ['zh-CN', 'en-US'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

interface ErrorDef {
  status: number;
  'zh-CN': string;
  'en-US': string;
}

export const ERRORS = {
  VALIDATION_FAILED: {
    status: 400,
    'zh-CN': '输入有误,请检查后重试',
    'en-US': 'The input is not valid; please check it',
  },
  BAD_REQUEST: { status: 400, 'zh-CN': '请求格式错误', 'en-US': 'The request is malformed' },
  UNAUTHENTICATED: { status: 401, 'zh-CN': '请先登录', 'en-US': 'Please sign in first' },
  INVALID_CREDENTIALS: { status: 401, 'zh-CN': '账号或密码错误', 'en-US': 'Wrong account or password' },
  ACCOUNT_LOCKED: {
    status: 423,
    'zh-CN': '密码错误次数过多,账号已锁定,请在 {{minutes}} 分钟后重试',
    'en-US': 'Too many wrong passwords: the account is locked; try again in {{minutes}} min',
  },
  ACCOUNT_DISABLED: {
    status: 403,
    'zh-CN': '账号已停用,请联系管理员',
    'en-US': 'This account is disabled; contact your administrator',
  },
  TENANT_DISABLED: {
    status: 403,
    'zh-CN': '企业已停用,请联系平台管理员',
    'en-US': 'This enterprise is disabled; contact the platform operator',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    'zh-CN': '请求过于频繁,请稍后再试',
    'en-US': 'Too many requests; please wait and retry',
  },
  CSRF_FAILED: {
    status: 403,
    'zh-CN': '安全校验失败,请刷新页面后重试',
    'en-US': 'Security check failed; reload the page and retry',
  },
  FORBIDDEN: { status: 403, 'zh-CN': '没有权限执行此操作', 'en-US': 'You do not have permission to do this' },
  NOT_FOUND: { status: 404, 'zh-CN': '记录不存在或已被删除', 'en-US': 'Not found, or already deleted' },
  ROUTE_NOT_FOUND: { status: 404, 'zh-CN': '接口不存在', 'en-US': 'No such endpoint' },
  CONFLICT: { status: 409, 'zh-CN': '{{field}} 已被使用', 'en-US': '{{field}} is already in use' },
  WRONG_PASSWORD: { status: 400, 'zh-CN': '原密码不正确', 'en-US': 'The current password is wrong' },
  UNLOCK_WRONG_PASSWORD: {
    status: 400,
    'zh-CN': '密码不正确,还可尝试 {{left}} 次',
    'en-US': 'Wrong password, {{left}} tries left',
  },
  PHONE_NO_EXTENSION: {
    status: 409,
    'zh-CN': '您还没有绑定分机,网页电话无法使用;请联系管理员在"分机管理"中为您绑定',
    'en-US': 'No extension is bound to you, so the browser phone cannot work; ask an admin to bind one in Extensions',
  },
  PHONE_NO_WEBSOCKET: {
    status: 409,
    'zh-CN': '服务器未开启 SIP over WebSocket(CC_SIP_WS_PORT 或 CC_SIP_WSS_PORT),网页电话无法使用',
    'en-US': 'The server has no SIP over WebSocket (CC_SIP_WS_PORT or CC_SIP_WSS_PORT); the browser phone cannot work',
  },
  WEAK_PASSWORD: {
    status: 400,
    'zh-CN': '密码至少 8 位,且须包含字母和数字',
    'en-US': 'The password needs at least 8 characters with letters and digits',
  },
  ROLE_IN_USE: {
    status: 409,
    'zh-CN': '该角色仍有用户在使用,不能删除',
    'en-US': 'Users still hold this role; it cannot be deleted',
  },
  BUILTIN_ROLE: {
    status: 400,
    'zh-CN': '内置角色不能删除或改名',
    'en-US': 'A built-in role cannot be deleted or renamed',
  },
  DEPARTMENT_NOT_EMPTY: {
    status: 409,
    'zh-CN': '部门下仍有子部门或用户,不能删除',
    'en-US': 'The department still has sub-departments or users; it cannot be deleted',
  },
  DEPARTMENT_CYCLE: {
    status: 400,
    'zh-CN': '上级部门不能是自身或其下级',
    'en-US': 'A department cannot be under itself or its children',
  },
  PLATFORM_PERMISSION: {
    status: 400,
    'zh-CN': '企业角色不能包含平台权限',
    'en-US': 'An enterprise role cannot hold platform permissions',
  },
  PLATFORM_TENANT: {
    status: 400,
    'zh-CN': '平台企业不能被修改或删除',
    'en-US': 'The platform tenant cannot be changed or deleted',
  },
  SELF_LOCKOUT: {
    status: 400,
    'zh-CN': '不能停用或删除自己的账号',
    'en-US': 'You cannot disable or delete your own account',
  },
  TENANT_ENABLED: {
    status: 409,
    'zh-CN': '请先停用该企业,再删除',
    'en-US': 'Disable the enterprise before deleting it',
  },
  AGENT_LIMIT: {
    status: 409,
    'zh-CN': '坐席数量已达企业上限({{max}} 个)',
    'en-US': 'The enterprise has reached its agent limit ({{max}})',
  },
  EXTENSION_PASSWORD_REQUIRED: {
    status: 400,
    'zh-CN': '修改分机号时须同时设置新的分机密码',
    'en-US': 'Set a new SIP password when changing the extension number',
  },
  FORWARDING_TARGET_INVALID: {
    status: 400,
    'zh-CN': '转移目标须为本企业的分机号或电话号码',
    'en-US': 'The forwarding target must be an extension of the enterprise or a phone number',
  },
  FORWARDING_TARGET_SELF: {
    status: 400,
    'zh-CN': '不能转移到分机自身',
    'en-US': 'An extension cannot forward to itself',
  },
  RECORDING_MISSING: { status: 404, 'zh-CN': '该通话没有录音', 'en-US': 'This call has no recording' },
  VOICEMAIL_FILE_MISSING: {
    status: 404,
    'zh-CN': '该留言的录音文件不存在',
    'en-US': 'The audio of this message is missing',
  },
  VOICEMAIL_BOX_EXISTS: {
    status: 409,
    'zh-CN': '已有同名的信箱或分机',
    'en-US': 'A box or an extension with this name already exists',
  },
  VOICEMAIL_BOX_RENAME: { status: 400, 'zh-CN': '信箱名称不能修改', 'en-US': 'A box cannot be renamed' },
  VOICEMAIL_GREETING_INVALID: {
    status: 400,
    'zh-CN': '问候语须为 WAV 文件(8 或 16 kHz,单声道)',
    'en-US': 'The greeting must be a WAV file (8 or 16 kHz, mono)',
  },
  TELEPHONY_OFF: { status: 503, 'zh-CN': '话务引擎未运行', 'en-US': 'The SIP engine is not running' },
  CALL_NOT_FOUND: { status: 404, 'zh-CN': '通话不存在或已结束', 'en-US': 'No such call, or it has ended' },
  CALL_LEG_NOT_FOUND: { status: 404, 'zh-CN': '该通话中没有这一方', 'en-US': 'No such party in this call' },
  CALL_COMMAND_REFUSED: {
    status: 409,
    'zh-CN': '当前通话状态下不能执行该操作:{{reason}}',
    'en-US': 'Not possible in the call as it is now: {{reason}}',
  },
  DICTIONARY_BUILTIN: {
    status: 400,
    'zh-CN': '内置字典类型不能删除',
    'en-US': 'A built-in dictionary type cannot be deleted',
  },
  DICTIONARY_VALUE_INVALID: {
    status: 400,
    'zh-CN': '{{field}} 的取值 “{{value}}” 不在数据字典中',
    'en-US': '“{{value}}” is not a valid choice for {{field}}',
  },
  CUSTOM_FIELD_UNKNOWN: {
    status: 400,
    'zh-CN': '自定义字段 {{field}} 不存在',
    'en-US': 'There is no custom field {{field}}',
  },
  CUSTOM_FIELD_REQUIRED: { status: 400, 'zh-CN': '{{field}} 为必填项', 'en-US': '{{field}} is required' },
  CUSTOM_FIELD_INVALID: {
    status: 400,
    'zh-CN': '{{field}} 的值格式不正确',
    'en-US': 'The value of {{field}} is not valid',
  },
  CUSTOM_FIELD_READONLY: {
    status: 403,
    'zh-CN': '没有权限修改字段 {{field}}',
    'en-US': 'You may not change the field {{field}}',
  },
  CUSTOM_FIELD_DICTIONARY: {
    status: 400,
    'zh-CN': '单选/多选字段须指定数据字典类型',
    'en-US': 'Choice fields need a dictionary type',
  },
  PHONE_INVALID: {
    status: 400,
    'zh-CN': '电话号码 {{phone}} 不是有效号码(手机号 11 位;固话需带区号,如 010-12345678;不接受 12345 之类的短号)',
    'en-US':
      'Not a valid phone number: {{phone}} (mobiles have 11 digits; landlines need their area code, e.g. 010-12345678; short codes such as 12345 are not accepted)',
  },
  PHONE_REQUIRED: {
    status: 400,
    'zh-CN': '客户至少需要姓名或一个电话号码',
    'en-US': 'A customer needs a name or at least one phone number',
  },
  CUSTOMER_PHONE_EXISTS: {
    status: 409,
    'zh-CN': '电话号码 {{phone}} 已属于客户 {{name}}',
    'en-US': 'The number {{phone}} already belongs to customer {{name}}',
  },
  MERGE_INVALID: {
    status: 400,
    'zh-CN': '合并至少需要两个不同的客户',
    'en-US': 'Merging needs at least two different customers',
  },
  ASSIGN_INVALID: {
    status: 400,
    'zh-CN': '分配数量({{wanted}})超过可分配客户数({{available}})',
    'en-US': 'Asked to assign {{wanted}} customers but only {{available}} are available',
  },
  NOT_IN_POOL: {
    status: 409,
    'zh-CN': '有客户已不在公海中,请刷新后重试',
    'en-US': 'Some customers are no longer in the public pool; refresh and retry',
  },
  CLAIM_LIMIT: {
    status: 409,
    'zh-CN': '今日领取已达上限({{limit}} 个)',
    'en-US': 'You have reached today’s claim limit ({{limit}})',
  },
  IMPORT_FILE_TYPE: {
    status: 400,
    'zh-CN': '仅支持 CSV 和 XLSX 文件',
    'en-US': 'Only CSV and XLSX files are supported',
  },
  IMPORT_FILE_MISSING: { status: 400, 'zh-CN': '请上传文件', 'en-US': 'Please upload a file' },
  IMPORT_FILE_INVALID: {
    status: 400,
    'zh-CN': '无法读取文件:{{reason}}',
    'en-US': 'The file cannot be read: {{reason}}',
  },
  VOICE_FILE_MISSING: { status: 400, 'zh-CN': '请上传语音文件', 'en-US': 'Please upload a voice file' },
  VOICE_FILE_NOT_AUDIO: {
    status: 400,
    'zh-CN': '文件不是可识别的音频,仅支持 WAV(PCM、A-law、µ-law)和 MP3 文件',
    'en-US': 'The file is not audio we can read; only WAV (PCM, A-law, µ-law) and MP3 files are supported',
  },
  VOICE_FILE_UNSUPPORTED_ENCODING: {
    status: 400,
    'zh-CN': '不支持此 WAV 编码({{encoding}}),请转换为 PCM、A-law 或 µ-law 后再上传',
    'en-US': 'This WAV encoding ({{encoding}}) is not supported; convert it to PCM, A-law or µ-law first',
  },
  VOICE_FILE_EMPTY: { status: 400, 'zh-CN': '文件中没有声音数据', 'en-US': 'The file holds no sound' },
  VOICE_FILE_TOO_LARGE: {
    status: 413,
    'zh-CN': '文件超过 {{mb}} MB',
    'en-US': 'The file is larger than {{mb}} MB',
  },
  VOICE_FILE_TOO_LONG: {
    status: 400,
    'zh-CN': '语音时长超过 {{minutes}} 分钟',
    'en-US': 'The audio is longer than {{minutes}} min',
  },
  VOICE_FILE_ALREADY_REVIEWED: {
    status: 409,
    'zh-CN': '该语音文件已审核',
    'en-US': 'This voice file has already been reviewed',
  },
  VOICE_FILE_NOT_APPROVED: {
    status: 400,
    'zh-CN': '语音文件“{{name}}”未审核通过,不能使用',
    'en-US': 'The voice file "{{name}}" is not approved and cannot be used',
  },
  VOICE_FILE_IN_USE: {
    status: 409,
    'zh-CN': '该语音文件仍被保持音乐“{{usedBy}}”使用,不能删除',
    'en-US': 'The voice file is still used by the music-on-hold class "{{usedBy}}"; it cannot be deleted',
  },
  IMPORT_EMPTY: { status: 400, 'zh-CN': '文件中没有数据行', 'en-US': 'The file has no data rows' },
  IMPORT_HEADER_MISSING: {
    status: 400,
    'zh-CN': '表头缺少必需的列:{{columns}}',
    'en-US': 'The header lacks required columns: {{columns}}',
  },
  IMPORT_DUPLICATE: {
    status: 409,
    'zh-CN': '电话号码 {{phone}} 已存在,按设置跳过',
    'en-US': 'The number {{phone}} exists already; skipped as chosen',
  },
  IMPORT_BLACKLISTED: {
    status: 409,
    'zh-CN': '电话号码 {{phone}} 在黑名单中,已跳过',
    'en-US': 'The number {{phone}} is blacklisted; skipped',
  },
  IMPORT_PHONE_MISSING: {
    status: 400,
    'zh-CN': '没有电话号码',
    'en-US': 'No phone number',
  },
  IMPORT_TOO_MANY_PHONES: {
    status: 400,
    'zh-CN': '最多 {{max}} 个号码',
    'en-US': 'At most {{max}} numbers',
  },
  IMPORT_EMAIL_INVALID: {
    status: 400,
    'zh-CN': '{{field}}:{{value}} 不是有效的邮箱地址',
    'en-US': '{{field}}: {{value}} is not a valid e-mail address',
  },
  IMPORT_TEXT_TOO_LONG: {
    status: 400,
    'zh-CN': '{{field}}:超过 {{max}} 个字符',
    'en-US': '{{field}}: longer than {{max}} characters',
  },
  IMPORT_UPLOAD_EXPIRED: {
    status: 404,
    'zh-CN': '上传的文件已过期,请重新选择文件',
    'en-US': 'The uploaded file has expired; choose the file again',
  },
  IMPORT_ROW_INVALID: {
    status: 400,
    'zh-CN': '{{field}}:{{reason}}',
    'en-US': '{{field}}: {{reason}}',
  },
  ORDER_ALREADY_DECIDED: {
    status: 409,
    'zh-CN': '该核单已处理',
    'en-US': 'This order verification has already been decided',
  },
  TRUNK_NOT_FOUND: {
    status: 400,
    'zh-CN': '所选中继不存在或不属于本企业',
    'en-US': 'A chosen trunk does not exist in this enterprise',
  },
  AGENT_STATE_REFUSED: {
    status: 409,
    'zh-CN': '当前状态下不能切换(通话中或振铃中请先结束通话):{{reason}}',
    'en-US': 'The state cannot change now (finish the call first): {{reason}}',
  },
  AGENT_DEVICE_NO_ROUTE: {
    status: 409,
    'zh-CN': '呼出路由无法呼叫号码 {{number}}(无可用路由、时间段关闭、号码受限或已达呼叫上限),不能用它签入回呼模式',
    'en-US':
      'The outbound routes cannot call {{number}} (no route, closed now, a barred number or a call cap reached): it cannot be the device to sign in with',
  },
  CTI_INVALID_STATE: {
    status: 409,
    'zh-CN': '当前通话状态下不能执行该操作:{{action}}',
    'en-US': 'This cannot be done in the call as it is now: {{action}}',
  },
  CTI_UNSUPPORTED: {
    status: 409,
    'zh-CN': '电话条暂不支持该操作:{{action}}',
    'en-US': 'The softphone bar cannot do this yet: {{action}}',
  },
  CTI_TARGET_UNANSWERED: {
    status: 409,
    'zh-CN': '对方未接听({{outcome}})',
    'en-US': 'The other party did not answer ({{outcome}})',
  },
  CTI_QUEUE_NOT_FOUND: {
    status: 404,
    'zh-CN': '所选技能组不存在或不属于本企业',
    'en-US': 'The chosen queue does not exist in this enterprise',
  },
  CTI_IVR_NOT_FOUND: {
    status: 404,
    'zh-CN': '所选 IVR 不存在或不属于本企业',
    'en-US': 'The chosen IVR menu does not exist in this enterprise',
  },
  CTI_OUTSIDE_REFUSED: {
    status: 403,
    'zh-CN': '呼出路由不允许转接到该号码({{reason}})',
    'en-US': 'The outbound routes do not allow a transfer to this number ({{reason}})',
  },
  MOH_CLASS_NOT_FOUND: {
    status: 400,
    'zh-CN': '所选保持音乐不存在或不属于本企业',
    'en-US': 'The chosen music-on-hold class does not exist in this enterprise',
  },
  TRUNK_GROUP_NOT_FOUND: {
    status: 400,
    'zh-CN': '所选智能中继不存在或不属于本企业',
    'en-US': 'The chosen trunk group does not exist in this enterprise',
  },
  TRUNK_GROUP_IN_USE: {
    status: 409,
    'zh-CN': '该智能中继仍被呼出路由 {{usedBy}} 使用,不能删除',
    'en-US': 'The trunk group is still used by the outbound routes {{usedBy}}; it cannot be deleted',
  },
  TRUNK_IN_USE: {
    status: 409,
    'zh-CN': '该中继仍被 {{usedBy}} 使用,不能删除',
    'en-US': 'The trunk is still used by {{usedBy}}; it cannot be deleted',
  },
  TIME_GROUP_NOT_FOUND: {
    status: 400,
    'zh-CN': '所选时间小组不存在或不属于本企业',
    'en-US': 'The chosen time group does not exist in this enterprise',
  },
  TIME_GROUP_IN_USE: {
    status: 409,
    'zh-CN': '该时间小组仍被路由 {{usedBy}} 使用,不能删除',
    'en-US': 'The time group is still used by the route {{usedBy}}; it cannot be deleted',
  },
  DESTINATION_NOT_FOUND: {
    status: 400,
    'zh-CN': '目的地不存在:{{target}}',
    'en-US': 'The destination does not exist: {{target}}',
  },
  SCOPE_EXTENSION_NOT_FOUND: {
    status: 400,
    'zh-CN': '适用范围中的分机不存在:{{numbers}}',
    'en-US': 'Extensions of the route scope do not exist: {{numbers}}',
  },
  CALLER_ID_NOT_VERIFIED: {
    status: 400,
    'zh-CN': '主叫号码 {{number}} 未通过审核,不能使用',
    'en-US': 'The caller ID {{number}} is not verified and cannot be used',
  },
  CALLER_ID_IN_USE: {
    status: 409,
    'zh-CN': '该主叫号码仍被呼出路由 {{usedBy}} 使用,不能删除或改号',
    'en-US': 'The caller ID is still shown by the outbound route {{usedBy}}; it cannot be deleted or renumbered',
  },
  CALLER_ID_VOICE_UNAVAILABLE: {
    status: 503,
    'zh-CN': '语音验证暂不可用,请联系平台进行人工审核',
    'en-US': 'Voice verification is not available; ask the platform operator to review the number',
  },
  CALLER_ID_NOT_VERIFYING: {
    status: 409,
    'zh-CN': '请先发起语音验证',
    'en-US': 'Start the voice verification first',
  },
  CALLER_ID_CODE_EXPIRED: {
    status: 400,
    'zh-CN': '验证码已过期,请重新发起语音验证',
    'en-US': 'The code has expired; start the voice verification again',
  },
  CALLER_ID_CODE_WRONG: {
    status: 400,
    'zh-CN': '验证码不正确,还可尝试 {{left}} 次',
    'en-US': 'Wrong code; {{left}} tries left',
  },
  CALLER_ID_ALREADY_REVIEWED: {
    status: 409,
    'zh-CN': '该主叫号码已审核',
    'en-US': 'This caller ID has already been reviewed',
  },
  NUMBER_LIST_ALREADY_REVIEWED: {
    status: 409,
    'zh-CN': '该名单记录已审核',
    'en-US': 'This list entry has already been reviewed',
  },
  NUMBER_LIST_IMPORT_INVALID: {
    status: 400,
    'zh-CN': '文件中有 {{count}} 行有误,未导入任何记录',
    'en-US': 'Wrong rows in the file: {{count}}; nothing was imported',
  },
  IVR_IN_USE: {
    status: 409,
    'zh-CN': '该 IVR 仍被 {{usedBy}} 使用,不能删除',
    'en-US': 'The IVR menu is still used by {{usedBy}}; it cannot be deleted',
  },
  IVR_VERSION_NOT_FOUND: {
    status: 404,
    'zh-CN': '该 IVR 没有第 {{version}} 版',
    'en-US': 'The IVR menu has no version {{version}}',
  },
  IVR_NO_EXTENSION: {
    status: 400,
    'zh-CN': '您的账号未绑定分机,请选择拨测的分机',
    'en-US': 'Your account has no extension; choose the extension to ring for the test call',
  },
  CTI_NOT_SIGNED_IN: {
    status: 409,
    'zh-CN': '请先签入后再外呼或代接',
    'en-US': 'Sign in as an agent first to call out or pick up calls',
  },
  CTI_ON_CALL: {
    status: 409,
    'zh-CN': '您正在通话中,请先结束当前通话',
    'en-US': 'You are on a call already; finish it first',
  },
  CTI_NO_EXTENSION: {
    status: 409,
    'zh-CN': '您的账号未绑定分机,不能外呼或代接',
    'en-US': 'Your account has no extension: calling out and picking up are not possible',
  },
  CTI_AGENT_UNANSWERED: {
    status: 409,
    'zh-CN': '您的话机未接听',
    'en-US': 'Your phone did not answer',
  },
  CTI_NOTHING_RINGING: {
    status: 404,
    'zh-CN': '没有可代接的振铃来电',
    'en-US': 'No call is ringing that you can pick up',
  },
  CTI_PICKUP_GONE: {
    status: 409,
    'zh-CN': '该来电已被接听或已挂断',
    'en-US': 'The call was answered elsewhere or ended meanwhile',
  },
  CTI_DIAL_NO_ROUTE: {
    status: 403,
    'zh-CN': '没有可拨打号码 {{number}} 的呼出路由',
    'en-US': 'No outbound route takes {{number}}',
  },
  CTI_DIAL_CLASS_DENIED: {
    status: 403,
    'zh-CN': '您的分机无权拨打号码 {{number}}(呼叫权限)',
    'en-US': 'Your extension may not call {{number}} (call class)',
  },
  CTI_DIAL_INTERNATIONAL: {
    status: 403,
    'zh-CN': '本企业未开通国际呼叫,不能拨打 {{number}}',
    'en-US': 'International calls are disabled for this enterprise: {{number}}',
  },
  CTI_DIAL_PREMIUM: {
    status: 403,
    'zh-CN': '本企业未开通声讯号码,不能拨打 {{number}}',
    'en-US': 'Premium numbers are disabled for this enterprise: {{number}}',
  },
  CTI_DIAL_CLOSED: {
    status: 403,
    'zh-CN': '当前不在呼出路由的允许时间内,不能拨打 {{number}}',
    'en-US': 'The outbound route is closed at this time: {{number}}',
  },
  CTI_DIAL_BLACKLISTED: {
    status: 403,
    'zh-CN': '号码 {{number}} 在黑名单中,不能拨打',
    'en-US': 'The number {{number}} is black-listed',
  },
  CTI_DIAL_CONCURRENCY: {
    status: 403,
    'zh-CN': '外呼并发已达本企业上限,请稍后再拨',
    'en-US': 'The enterprise has as many outside calls up as it may; try again later',
  },
  CTI_DIAL_DAILY_MINUTES: {
    status: 403,
    'zh-CN': '本企业今日外呼分钟数已用完',
    'en-US': 'The enterprise has used its outside-call minutes for today',
  },
  QUEUE_IN_USE: {
    status: 409,
    'zh-CN': '该技能组仍被 {{usedBy}} 使用,不能删除',
    'en-US': 'The queue is still used by {{usedBy}}; it cannot be deleted',
  },
  SUPERVISE_OUT_OF_SCOPE: {
    status: 403,
    'zh-CN': '该坐席不在您管理的班组中,不能对其操作',
    'en-US': 'This agent is not in a team you lead; you cannot act on them',
  },
  SUPERVISE_NO_CALL: {
    status: 409,
    'zh-CN': '该坐席当前没有通话',
    'en-US': 'The agent is on no call now',
  },
  SUPERVISE_NO_EXTENSION: {
    status: 409,
    'zh-CN': '您的账号未绑定分机,不能监听、密语或强插;请在"分机管理"中绑定话机或网页电话',
    'en-US':
      'Your account has no extension: listening, whispering and barging need your phone (bind one in Extensions)',
  },
  SUPERVISE_UNANSWERED: {
    status: 409,
    'zh-CN': '您的话机未接通({{outcome}})',
    'en-US': 'Your phone did not answer ({{outcome}})',
  },
  SUPERVISE_SELF: {
    status: 409,
    'zh-CN': '不能对自己执行班长操作',
    'en-US': 'You cannot supervise yourself',
  },
  SUPERVISE_STATE_REFUSED: {
    status: 409,
    'zh-CN': '无法更改该坐席的状态({{reason}})',
    'en-US': 'The agent’s state cannot be changed ({{reason}})',
  },
  INTERNAL: { status: 500, 'zh-CN': '服务器内部错误,请稍后重试', 'en-US': 'Internal server error; please retry later' },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ERRORS;

/** Messages for the named field rules in api.ts (zod `message` keys) and for required fields. */
export const FIELD_RULE_MESSAGES = {
  required: { 'zh-CN': '此项为必填项', 'en-US': 'This field is required' },
  account: {
    'zh-CN': '账号为 2-32 位字母、数字或 _.-,须以字母或数字开头',
    'en-US': 'Use 2-32 letters, digits or _.- starting with a letter or digit',
  },
  agentNo: { 'zh-CN': '工号须为 2-10 位数字', 'en-US': 'The agent number must be 2-10 digits' },
  mobile: { 'zh-CN': '手机号格式不正确', 'en-US': 'Not a valid phone number' },
  extensionNumber: { 'zh-CN': '分机号须为 3-8 位数字', 'en-US': 'The extension number must be 3-8 digits' },
  sipPassword: {
    'zh-CN': '分机密码为 8-64 位可见字符,且须包含字母和数字',
    'en-US': 'The SIP password needs 8-64 visible characters with letters and digits',
  },
  dictionaryCode: {
    'zh-CN': '编码为 2-40 位字母、数字或 _,须以字母开头',
    'en-US': 'Use 2-40 letters, digits or _ starting with a letter',
  },
  fieldKey: {
    'zh-CN': '字段键为 1-32 位字母、数字或 _,须以字母开头',
    'en-US': 'Use 1-32 letters, digits or _ starting with a letter',
  },
  loginName: {
    'zh-CN': '登录账号、工号、手机号至少填写一项',
    'en-US': 'Fill in at least one of account, agent number or mobile',
  },
  phoneNumber: { 'zh-CN': '号码须为数字(可带 + 前缀)', 'en-US': 'Use digits, optionally with a leading +' },
  dialPattern: {
    'zh-CN': '号码规则只能包含数字、* # +、X Z N、[1-5] 和结尾的 . 或 !',
    'en-US': 'A dial pattern uses digits, * # +, X Z N, [1-5] sets and a final . or !',
  },
  prependDigits: { 'zh-CN': '只能包含数字、* # 和开头的 +', 'en-US': 'Use digits, * # and a leading +' },
  timeOfDay: { 'zh-CN': '时间格式为 HH:mm', 'en-US': 'Use the time format HH:mm' },
  timeRange: { 'zh-CN': '结束时间不能等于开始时间', 'en-US': 'The end time cannot equal the start time' },
  date: { 'zh-CN': '日期格式为 YYYY-MM-DD', 'en-US': 'Use the date format YYYY-MM-DD' },
  dateRange: { 'zh-CN': '结束日期不能早于开始日期', 'en-US': 'The end date cannot be before the start date' },
  timezone: { 'zh-CN': '时区无效', 'en-US': 'Not a valid time zone' },
  verificationCode: { 'zh-CN': '验证码为 6 位数字', 'en-US': 'The code is 6 digits' },
  host: { 'zh-CN': '地址须为域名或 IP 地址', 'en-US': 'Use a host name or an IP address' },
  peerAddress: {
    'zh-CN': '须为 IP 地址或网段(如 10.0.0.0/24)',
    'en-US': 'Use an IP address or a CIDR range (e.g. 10.0.0.0/24)',
  },
  sipUser: { 'zh-CN': '用户名含有不允许的字符', 'en-US': 'The user name has characters SIP does not allow' },
  countryCode: { 'zh-CN': '国家码为 1-4 位数字', 'en-US': 'The country code is 1-4 digits' },
  ivrPrompt: { 'zh-CN': '请选择提示音', 'en-US': 'Choose a prompt' },
  ivrKey: { 'zh-CN': '按键须为 0-9、* 或 #', 'en-US': 'A key is 0-9, * or #' },
  ivrKeyTwice: { 'zh-CN': '同一菜单中按键不能重复', 'en-US': 'A key is used twice in this menu' },
  ivrNoKeys: {
    'zh-CN': '菜单至少需要一个按键(或开启直拨分机)',
    'en-US': 'A menu needs at least one key (or direct dial)',
  },
  ivrTooDeep: { 'zh-CN': '菜单最多 5 层', 'en-US': 'Menus nest at most 5 levels deep' },
  ivrBackAtTop: { 'zh-CN': '顶层菜单不能"返回上级"', 'en-US': 'The top menu has no parent to go back to' },
  ivrAction: { 'zh-CN': '请选择按键动作', 'en-US': 'Choose what the key does' },
  ivrExtensionNotFound: { 'zh-CN': '分机不存在', 'en-US': 'No such extension in this enterprise' },
  ivrVoiceFileNotApproved: {
    'zh-CN': '语音文件不存在或未通过审核',
    'en-US': 'The voice file does not exist or is not approved',
  },
  ivrMenuNotFound: { 'zh-CN': 'IVR 不存在', 'en-US': 'No such IVR menu in this enterprise' },
  ivrQueueNotFound: { 'zh-CN': '技能组不存在', 'en-US': 'No such queue in this enterprise' },
  agentNoPattern: {
    'zh-CN': '随机工号为 1-8 位数字和 ?(? 为随机数字),至少一个 ?,如 8??',
    'en-US': 'Use 1-8 digits and ? (a random digit), at least one ?, e.g. 8??',
  },
  memberTwice: { 'zh-CN': '同一坐席不能重复加入', 'en-US': 'This agent is a member twice' },
  queueMemberNotFound: { 'zh-CN': '坐席不存在或不属于本企业', 'en-US': 'No such agent in this enterprise' },
  queueMohClassNotFound: {
    'zh-CN': '所选保持音乐不存在或不属于本企业',
    'en-US': 'No such music-on-hold class in this enterprise',
  },
  queueDestinationNotFound: { 'zh-CN': '溢出目的地不存在', 'en-US': 'The overflow destination does not exist' },
  queueOverflowToSelf: { 'zh-CN': '不能溢出到本技能组', 'en-US': 'A queue cannot overflow to itself' },
} as const satisfies Record<string, Record<Locale, string>>;
export type FieldRule = keyof typeof FIELD_RULE_MESSAGES;

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: Array<{ path: string; message: string }>;
  };
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en-US' : DEFAULT_LOCALE;
}

export function errorMessage(code: ErrorCode, locale: Locale, params: Record<string, string | number> = {}): string {
  return ERRORS[code][locale].replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(params[key] ?? ''));
}
