import type { ImportColumnMap, ImportJob, ImportPreview } from '@hujiao/shared';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../api/client.ts';
import { currentLanguage } from '../../i18n/language.ts';

/** Sends the file once: the server keeps it for the import and answers how its columns map. */
export function useImportPreview() {
  return useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append('file', file, file.name);
      return api.upload<ImportPreview>('/api/customers/import/preview', form);
    },
  });
}

export interface ImportUploadRequest {
  uploadId: string;
  columns: ImportColumnMap;
  dedup: string;
  blacklist: string;
  batch?: string;
  ownerId?: string;
  publicPool?: boolean;
}

/** Starts the import of a previewed file, with the chosen targets of its unknown columns. */
export function useStartUploadedImport() {
  return useMutation({
    mutationFn: (r: ImportUploadRequest) => {
      const form = new FormData();
      form.append('uploadId', r.uploadId);
      form.append('dedup', r.dedup);
      form.append('blacklist', r.blacklist);
      if (Object.keys(r.columns).length) form.append('columns', JSON.stringify(r.columns));
      if (r.batch) form.append('batch', r.batch);
      if (r.ownerId) form.append('ownerId', r.ownerId);
      if (r.publicPool) form.append('publicPool', 'true');
      return api.upload<ImportJob>('/api/customers/import', form);
    },
  });
}

/** The error report in the console's language (a download link cannot send its Accept-Language). */
export const importErrorReportUrl = (id: string, format: 'csv' | 'xlsx') =>
  `/api/customers/import/${encodeURIComponent(id)}/errors.csv?format=${format}&lang=${currentLanguage()}`;
