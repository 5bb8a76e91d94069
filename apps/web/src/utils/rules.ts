import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';

/** Client-side rules mirroring the zod rules in packages/shared/src/api.ts. */
export const ACCOUNT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const AGENT_NO_PATTERN = /^\d{2,10}$/;
export const MOBILE_PATTERN = /^\+?\d{6,15}$/;
export const AGENT_LOGIN_PATTERN = /^\d{2,10}@[A-Za-z0-9][A-Za-z0-9_.-]*$/;
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** packages/shared/src/api-telephony.ts */
export const EXTENSION_NUMBER_PATTERN = /^\d{3,8}$/;
export const SIP_PASSWORD_PATTERN = /^(?=.*[A-Za-z])(?=.*\d)[\x21-\x7e]+$/;
export const CALLER_ID_PATTERN = /^\+?\d{3,20}$/;

export function makeRules(t: TFunction) {
  const required = (field: string): FormRule => ({
    required: true,
    whitespace: true,
    message: t('validation.required', { field }),
  });
  const requiredSelect = (field: string): FormRule => ({
    required: true,
    message: t('validation.requiredSelect', { field }),
  });
  const max = (field: string, n: number): FormRule => ({
    max: n,
    message: t('validation.maxLength', { field, max: n }),
  });
  return {
    required,
    requiredSelect,
    max,
    text: (field: string, n: number): FormRule[] => [required(field), max(field, n)],
    account: (): FormRule[] => [
      { min: 2, max: 32, message: t('validation.account') },
      { pattern: ACCOUNT_PATTERN, message: t('validation.account') },
    ],
    agentNo: (): FormRule[] => [{ pattern: AGENT_NO_PATTERN, message: t('validation.agentNo') }],
    mobile: (): FormRule[] => [{ pattern: MOBILE_PATTERN, message: t('validation.mobile') }],
    email: (): FormRule[] => [{ pattern: EMAIL_PATTERN, message: t('validation.email') }, max('email', 120)],
    password: (field: string): FormRule[] => [
      required(field),
      { min: 8, message: t('validation.password') },
      { max: 128, message: t('validation.passwordMax') },
      {
        validator: (_rule, value: unknown) =>
          typeof value !== 'string' || value === '' || (/[A-Za-z]/.test(value) && /\d/.test(value))
            ? Promise.resolve()
            : Promise.reject(new Error(t('validation.password'))),
      },
    ],
    extensionNumber: (): FormRule[] => [
      required(t('extension.number')),
      { pattern: EXTENSION_NUMBER_PATTERN, message: t('validation.extensionNumber') },
    ],
    /** SIP password; `optional` when editing (empty = unchanged). */
    sipPassword: (field: string, optional = false): FormRule[] => [
      ...(optional ? [] : [required(field)]),
      { min: 8, max: 64, message: t('validation.sipPassword') },
      { pattern: SIP_PASSWORD_PATTERN, message: t('validation.sipPassword') },
    ],
    callerId: (): FormRule[] => [{ pattern: CALLER_ID_PATTERN, message: t('validation.callerId') }],
    integer: (min: number, maxValue: number): FormRule => ({
      type: 'integer',
      min,
      max: maxValue,
      message: t('validation.integerRange', { min, max: maxValue }),
    }),
  };
}

/** Empty strings become `null` (for nullable fields) so the server clears them. */
export function nullIfEmpty(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Empty strings become `undefined` (for optional fields). */
export function undefinedIfEmpty(value: string | null | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
