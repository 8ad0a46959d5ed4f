import { sessionStore } from '../session/session';
import { authedFetch, refreshAccessToken } from './client';
import { networkProblem, problemOf } from './problem';

/** The file name a Content-Disposition gives (RFC 6266: filename* first), else the fallback. */
export function fileNameOf(header: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header ?? '');
  if (star) return decodeURIComponent(star[1]!);
  const plain = /filename="([^"]+)"/i.exec(header ?? '');
  return plain ? plain[1]! : fallback;
}

/**
 * Downloads an API file (a template, a failures workbook, codes generated as a workbook) as the
 * browser's own download.
 */
export async function downloadFile(path: string, fallbackName: string, init: RequestInit = {}): Promise<void> {
  const res = await authedFetch(path, init);
  if (!res.ok) throw await problemOf(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Uploads a file with a progress callback (0–1). XMLHttpRequest, not fetch: fetch reports no upload
 * progress. An expired access token is refreshed once, as for every other call.
 */
export function uploadFile<T>(path: string, file: File, onProgress: (fraction: number) => void, retried = false): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    const token = sessionStore.get()?.accessToken;
    if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('accept-language', 'zh-CN');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(networkProblem());
    xhr.onload = async () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: {
          'content-type': xhr.getResponseHeader('content-type') ?? '',
          'retry-after': xhr.getResponseHeader('retry-after') ?? '',
        },
      });
      if (res.ok) return resolve((await res.json()) as T);
      const problem = await problemOf(res);
      if (
        !retried &&
        problem.status === 401 &&
        ['TOKEN_EXPIRED', 'TOKEN_REVOKED'].includes(problem.code) &&
        (await refreshAccessToken())
      )
        return resolve(uploadFile<T>(path, file, onProgress, true));
      reject(problem);
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
