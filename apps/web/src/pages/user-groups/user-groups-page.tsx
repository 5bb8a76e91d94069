export function UserGroupsPage() {
  return null;
}
