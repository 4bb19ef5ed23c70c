// A signed-in user of the running web app, over plain HTTP as a browser would: the CSRF token, the
// credentials callback, the session cookie, and the Origin header the app's proxy checks on writes.

export class HttpError extends Error {
  override name = "HttpError";
  constructor(readonly method: string, readonly route: string, readonly status: number) {
    super(`${method} ${route} → HTTP ${status}`);
  }
}

export class WebSession {
  private readonly cookies = new Map<string, string>();

  constructor(readonly base: string) {}

  /** The Cookie header this session sends (a bench hands it to its load generator). */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  private keepCookies(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair!.indexOf("=");
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  }

  async signIn(email: string, password: string): Promise<this> {
    const csrfRes = await fetch(`${this.base}/api/auth/csrf`);
    this.keepCookies(csrfRes);
    const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
    const res = await fetch(`${this.base}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: this.cookieHeader(), origin: this.base },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: this.base }),
    });
    this.keepCookies(res);
    if (![...this.cookies.keys()].some((k) => k.includes("session-token"))) throw new Error(`Sign-in of ${email} failed (HTTP ${res.status})`);
    return this;
  }

  /** A JSON request to `route` (from the app's root, e.g. "/api/orgs/x/posts"); a non-2xx answer throws HttpError. */
  async json<T>(method: string, route: string, body?: unknown): Promise<T> {
    return this.send<T>(method, route, body === undefined ? undefined : { body: JSON.stringify(body), type: "application/json" });
  }

  /** A multipart upload of one file in `field`, as the composer sends an image. */
  async upload<T>(route: string, field: string, bytes: Uint8Array, filename: string, type: string): Promise<T> {
    const form = new FormData();
    form.append(field, new Blob([bytes], { type }), filename);
    return this.send<T>("POST", route, { body: form });
  }

  private async send<T>(method: string, route: string, payload?: { body: string | FormData; type?: string }): Promise<T> {
    const res = await fetch(`${this.base}${route}`, {
      method,
      headers: { cookie: this.cookieHeader(), origin: this.base, ...(payload?.type ? { "content-type": payload.type } : {}) },
      ...(payload ? { body: payload.body } : {}),
    });
    if (!res.ok) {
      await res.arrayBuffer();
      throw new HttpError(method, route, res.status);
    }
    return (await res.json()) as T;
  }
}

/** Runs `fn` over `items` with at most `size` calls in flight. */
export async function pool<T>(items: readonly T[], size: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  }));
}
