export function DepartmentsPage() {
  return null;
}
