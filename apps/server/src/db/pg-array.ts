/**
 * A PostgreSQL array literal (`{"a","b",NULL}`) for one bound parameter: bulk statements pass a column of values
 * as `unnest($1::text[], $2::uuid[], ...)`, one parameter per column instead of one per value.
 */
export function pgArray(values: ReadonlyArray<string | number | boolean | null>): string {
  return `{${values
    .map((v) =>
      v === null ? 'NULL' : typeof v === 'string' ? `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : String(v),
    )
    .join(',')}}`;
}
