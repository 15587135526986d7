import type { ErrorCode } from '@atrium/contract';

/** The client's view of a failed request: a stable code the UI translates into a sentence. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'network',
    message: string,
    readonly details: Record<string, unknown> = {},
    /** Seconds from `Retry-After` (or details.retryAfterSeconds) on 429 answers. */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const BASE = '/api/v1';

/** The CSRF token from login, setup or GET /me; kept in memory only. */
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called on any 401 so the session layer can send the person to the login page. */
let onUnauthenticated: (() => void) | null = null;
export function setUnauthenticatedHandler(fn: (() => void) | null): void {
  onUnauthenticated = fn;
}

type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body, or FormData for uploads. */
  body?: unknown;
  signal?: AbortSignal;
  /** Don't trigger the global 401 handler (login, setup and the session probe handle it themselves). */
  quiet401?: boolean;
}

export function buildUrl(path: string, query?: Query): string {
  let url = BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    }
    const qs = params.toString();
    if (qs) url += '?' + qs;
  }
  return url;
}

const KNOWN_CODES: readonly string[] = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'setup_done',
  'internal',
];

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return 'internal';
  }
}

async function toApiError(res: Response): Promise<ApiError> {
  let code: ErrorCode = codeForStatus(res.status);
  let message = res.statusText;
  let details: Record<string, unknown> = {};
  try {
    const data: unknown = await res.json();
    if (data && typeof data === 'object' && 'error' in data) {
      const err = (data as { error: { code?: unknown; message?: unknown; details?: unknown } }).error;
      if (typeof err.code === 'string' && KNOWN_CODES.includes(err.code)) code = err.code as ErrorCode;
      if (typeof err.message === 'string') message = err.message;
      if (err.details && typeof err.details === 'object') details = err.details as Record<string, unknown>;
    }
  } catch {
    // Not JSON (a proxy's error page, say): the status decides the code.
  }
  let retryAfter: number | null = null;
  const header = res.headers.get('retry-after');
  if (header && /^\d+$/.test(header)) retryAfter = Number(header);
  else if (typeof details.retryAfterSeconds === 'number') retryAfter = details.retryAfterSeconds;
  return new ApiError(res.status, code, message, details, retryAfter);
}

export async function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, 'network', 'The server could not be reached');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (err.status === 401 && !opts.quiet401) onUnauthenticated?.();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, { body }),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, { body }),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, { body }),
  delete: <T = void>(path: string) => request<T>('DELETE', path),
};

/** Path segments are ids and topic names; encode them anyway. */
export const seg = (s: string) => encodeURIComponent(s);
