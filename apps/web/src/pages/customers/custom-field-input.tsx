import type { CustomField } from '@hujiao/shared';
import type { FormRule } from 'antd';
import { DatePicker, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { TFunction } from 'i18next';
import { useDictionary } from '../../api/crm.ts';
import { CRM_PHONE_PATTERN } from './crm-utils.ts';

interface Props {
  field: CustomField;
  /** In the filter popover: multiselect picks one value ("contains"). */
  filter?: boolean;
  id?: string;
  value?: unknown;
  onChange?: (value: unknown) => void;
  disabled?: boolean;
}

/** The input for one custom field by its type; select/multiselect choices come from the field's dictionary. */
export function CustomFieldInput({ field, filter, id, value, onChange, disabled }: Props) {
  const dict = useDictionary(field.dictionaryType);
  const common = { id, disabled, 'aria-label': field.label };
  switch (field.type) {
    case 'number':
      return (
        <InputNumber
          {...common}
          style={{ width: '100%' }}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
        />
      );
    case 'date':
      return (
        <DatePicker
          {...common}
          style={{ width: '100%' }}
          value={value as Dayjs | null}
          onChange={(v) => onChange?.(v)}
        />
      );
    case 'select':
    case 'multiselect':
      return (
        <Select
          {...common}
          allowClear
          mode={field.type === 'multiselect' && !filter ? 'multiple' : undefined}
          options={dict.options}
          value={value as string | string[] | undefined}
          onChange={(v) => onChange?.(v)}
        />
      );
    default:
      return (
        <Input
          {...common}
          maxLength={field.type === 'phone' ? 31 : 2000}
          value={(value as string | undefined) ?? ''}
          onChange={(e) => onChange?.(e.target.value)}
        />
      );
  }
}

/** Stored value → form value (dates become dayjs). */
export function fromFieldValue(field: CustomField, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  if (field.type === 'date' && typeof value === 'string') return dayjs(value);
  return value;
}

/** Form value → API value (`YYYY-MM-DD` dates, `null` for empty). */
export function toFieldValue(field: CustomField, value: unknown): string | number | string[] | null {
  if (value === undefined || value === null || value === '') return null;
  if (field.type === 'date') return dayjs.isDayjs(value) ? value.format('YYYY-MM-DD') : String(value);
  if (field.type === 'number') return typeof value === 'number' ? value : Number(value);
  if (field.type === 'multiselect') return Array.isArray(value) ? (value as string[]) : [String(value)];
  return typeof value === 'string' ? value.trim() || null : (value as string);
}

/** Client rules mirroring the server's checks (CUSTOM_FIELD_REQUIRED, phone format). */
export function customFieldRules(field: CustomField, t: TFunction): FormRule[] {
  const rules: FormRule[] = [];
  if (field.required && field.writable) {
    rules.push({
      required: true,
      message: t('validation.required', { field: field.label }),
      ...(field.type === 'text' || field.type === 'phone' ? { whitespace: true } : {}),
    });
  }
  if (field.type === 'phone') rules.push({ pattern: CRM_PHONE_PATTERN, message: t('crm.validation.phone') });
  if (field.type === 'text')
    rules.push({ max: 2000, message: t('validation.maxLength', { field: field.label, max: 2000 }) });
  return rules;
}
