/**
 * Task import with upload progress. fetch() reports no upload progress, so this
 * one request goes through XMLHttpRequest; errors become the same ApiError the
 * rest of the client throws (a bad row's `line` is in `details.line`).
 */
import { API_BASE, ApiError } from './client.ts';

export interface ImportResult {
  created: number;
  duplicates: number;
  total?: number;
}

export type ImportFormat = 'ndjson' | 'csv' | 'json';

/** The import format for a file name, or null when its extension is not one we take. */
export function formatOf(fileName: string): ImportFormat | null {
  const ext = fileName.toLowerCase().split('.').pop() ?? '';
  if (ext === 'jsonl' || ext === 'ndjson') return 'ndjson';
  if (ext === 'csv') return 'csv';
  if (ext === 'json') return 'json';
  return null;
}

const CONTENT_TYPE: Record<ImportFormat, string> = {
  ndjson: 'application/x-ndjson',
  csv: 'text/csv',
  json: 'application/json',
};

export interface UploadProgress {
  loaded: number;
  total: number;
  /** True once every byte is sent and the server is checking and storing the rows. */
  processing: boolean;
}

export interface Upload {
  promise: Promise<ImportResult>;
  abort(): void;
}

/** Uploads a file of tasks to a project. All or nothing: a bad row rejects the whole file. */
export function uploadTasks(projectId: number, file: Blob, format: ImportFormat, onProgress: (p: UploadProgress) => void): Upload {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<ImportResult>((resolve, reject) => {
    xhr.open('POST', `${API_BASE}/projects/${projectId}/tasks`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', CONTENT_TYPE[format]);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size, processing: false });
    xhr.upload.onload = () => onProgress({ loaded: file.size, total: file.size, processing: true });
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Could not reach the server. Check your connection.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'The upload was cancelled.'));
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : undefined;
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as ImportResult);
      const err = (body as { error?: Record<string, unknown> } | undefined)?.error;
      if (err && typeof err.code === 'string') {
        const { code, message, ...details } = err;
        return reject(new ApiError(xhr.status, code, typeof message === 'string' ? message : code, details));
      }
      reject(new ApiError(xhr.status, `http_${xhr.status}`, xhr.statusText || `Upload failed with status ${xhr.status}`));
    };
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}
