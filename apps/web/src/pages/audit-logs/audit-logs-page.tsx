export function AuditLogsPage() {
  return null;
}
