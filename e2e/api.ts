/** A signed-in API client for e2e set-up steps (session cookie + CSRF header, like the console). */
export class ApiClient {
  private cookie = '';
  private csrf = '';
  constructor(private readonly base: string) {}

  /** The session cookie's value, to sign a browser context in without the login form. */
  get session(): string {
    return this.cookie.slice(this.cookie.indexOf('=') + 1);
  }

  async login(mode: 'account' | 'agent' | 'mobile', account: string, password: string): Promise<void> {
    const res = await fetch(`${this.base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode, account, password }),
    });
    if (!res.ok) throw new Error(`login ${account}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as T;
  }
}
