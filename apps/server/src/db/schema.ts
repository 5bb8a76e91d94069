/** Every table, for Drizzle's relational queries and drizzle-kit's migration generator. */
export * from '../modules/audit/audit.table.ts';
export * from '../modules/auth/auth.table.ts';
export * from '../modules/call-record/call-record.table.ts';
export * from '../modules/customer/customer.table.ts';
export * from '../modules/department/department.table.ts';
export * from '../modules/dictionary/dictionary.table.ts';
export * from '../modules/extension/extension.table.ts';
export * from '../modules/follow-up/follow-up.table.ts';
export * from '../modules/role/role.table.ts';
export * from '../modules/team/team.table.ts';
export * from '../modules/tenant/tenant.table.ts';
export * from '../modules/ticket/ticket.table.ts';
export * from '../modules/user/user.table.ts';
export * from '../modules/user-group/user-group.table.ts';
