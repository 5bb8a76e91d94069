import { App, type FormInstance } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/**
 * Shows an API error: field errors (`details[].path` like `name` or `roleIds.0`) go onto the form's fields,
 * the translated message goes into a toast.
 */
export function useApiError() {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useCallback(
    (err: unknown, form?: FormInstance) => {
      if (err instanceof ApiError) {
        if (form && err.details.length > 0) {
          const fields = err.details
            .map((d) => ({ name: d.path.split('.')[0] ?? '', errors: [d.message] }))
            .filter((f) => f.name !== '');
          if (fields.length > 0) form.setFields(fields);
        }
        void message.error(err.code === 'NETWORK' ? t('common.networkError') : err.message);
        return;
      }
      void message.error(err instanceof Error ? err.message : String(err));
    },
    [message, t],
  );
}

/**
 * Callbacks for a mutation: a success message with `text`, an API error shown as useApiError shows it.
 * `remove.mutate(id, feedback(t('common.deleted')))`.
 */
export function useMutationFeedback() {
  const { message } = App.useApp();
  const onError = useApiError();
  return useCallback(
    (text: string) => ({
      onSuccess: () => void message.success(text),
      onError: (err: unknown) => onError(err),
    }),
    [message, onError],
  );
}
