import { jsonBody } from '@zhtj/testkit';

/** A person using the API through the gateway, as a client app would. */
export class Client {
  token: string | null = null;

  constructor(private readonly api: string) {}

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    const isForm = body instanceof FormData;
    return fetch(`${this.api}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body !== undefined && !isForm ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
    });
  }

  /** The JSON answer, failing loudly with the problem when the status is not the one expected. */
  async json<T = any>(method: string, path: string, body?: unknown, expected = [200, 201, 202, 204]): Promise<T> {
    const res = await this.request(method, path, body);
    if (!expected.includes(res.status)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? (undefined as T) : ((await jsonBody(res)) as T);
  }

  /** The body with a freshly answered captcha (echoed in development), as the login and registration forms send it. */
  async withCaptcha<T extends object>(body: T): Promise<T & { captchaId: string; captchaCode: string }> {
    const captcha = await this.json('GET', '/auth/captcha');
    return { ...body, captchaId: captcha.captchaId, captchaCode: captcha.code };
  }

  /** Logs in with ID number, password and the captcha (echoed in development). */
  async login(idNumber: string, password: string): Promise<{ mustChangePassword: boolean; account: { id: string } }> {
    const captcha = await this.json('GET', '/auth/captcha');
    const session = await this.json('POST', '/auth/login', {
      idNumber,
      password,
      captchaId: captcha.captchaId,
      captchaCode: captcha.code,
    });
    this.token = session.accessToken;
    return session;
  }
}
