/** One bad field of a request, as the server names it. */
export interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

/**
 * An answer that is not a success, as the portal shows it: the server's problem+json (its `title`
 * is already in the language the portal asked for), or — when no problem came back (the network,
 * a proxy's error page) — a message of the portal's own.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    /** Seconds to wait, from `Retry-After` (locks, rate limits, a busy service). */
    readonly retryAfter: number | null = null,
  ) {
    super(message);
  }

  /** The message of one field's problem, for a form item. */
  fieldMessage(path: string): string | undefined {
    return this.errors.find((e) => e.path === path || e.path.startsWith(`${path}.`))?.message;
  }
}

export async function problemOf(res: Response): Promise<ApiProblem> {
  const retryAfter = Number(res.headers.get('retry-after')) || null;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    const body = (await res.json().catch(() => null)) as {
      code?: string;
      title?: string;
      detail?: string;
      errors?: FieldProblem[];
    } | null;
    if (body?.code)
      return new ApiProblem(res.status, body.code, body.title ?? body.detail ?? body.code, body.errors ?? [], retryAfter);
  }
  return new ApiProblem(res.status, `HTTP_${res.status}`, `服务暂时不可用（HTTP ${res.status}），请稍后再试`, [], retryAfter);
}

export const networkProblem = () => new ApiProblem(0, 'NETWORK', '无法连接服务器，请检查网络后重试');
