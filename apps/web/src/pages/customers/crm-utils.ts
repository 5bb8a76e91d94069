import type { User } from '@hujiao/shared';
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';

/** packages/shared/src/api-crm.ts phoneInput.number */
export const CRM_PHONE_PATTERN = /^[+\d][\d\s()-]{2,30}$/;
export const DICTIONARY_CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{1,39}$/;
export const FIELD_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

/** `姓名 (工号)` for agent pickers. */
export function agentLabel(u: Pick<User, 'name' | 'agentNo' | 'username'>): string {
  if (u.agentNo) return `${u.name} (${u.agentNo})`;
  return u.username ? `${u.name} (${u.username})` : u.name;
}

/**
 * Puts server field errors (`phones.0.number`, `customFields.level`) onto nested form fields. Returns whether any
 * field got an error; the caller still shows the toast.
 */
export function setNestedFieldErrors(form: FormInstance, err: unknown): boolean {
  if (!(err instanceof ApiError) || err.details.length === 0) return false;
  const fields = err.details
    .filter((d) => d.path)
    .map((d) => ({
      name: d.path.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part)),
      errors: [d.message],
    }));
  try {
    form.setFields(fields);
  } catch {
    return false;
  }
  return fields.length > 0;
}

/** Triggers a browser download of a same-origin URL (session cookie authorizes it). */
export function download(url: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}
