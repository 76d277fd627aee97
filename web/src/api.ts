/**
 * JSON calls to the NeckCheck API; failures carry the problem+json code so pages can say what happened.
 * Every call names the interface language, so that the server's refusals come back in the user's words.
 */
import { currentLang } from './lang.js';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;

  constructor(status: number, code: string, detail: string) {
    super(`${status} ${code}: ${detail}`);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: {
      'accept-language': currentLang(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; title?: string };
    throw new ApiError(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? problem.title ?? response.statusText,
    );
  }
  return data as T;
}
