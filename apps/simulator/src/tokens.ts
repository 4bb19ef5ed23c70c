import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Access tokens and OAuth codes are signed claims (HMAC under a key derived from the app secret), so
// the simulator stores none and a token handed out before a restart is still valid after it. Only
// revocations and used codes are remembered.

export interface TokenClaims {
  /** u = user token, p = Page token, c = OAuth code, r = refresh token (LinkedIn, X). */
  k: "u" | "p" | "c" | "r";
  /** User id (u, c) or Page id (p). */
  sub: string;
  scopes: string[];
  /** Unix seconds; 0 = never expires. */
  exp: number;
  /** Long-lived user token (Page tokens read with it never expire). */
  ll?: boolean;
  /** For codes: the redirect URI the code was issued for. */
  ru?: string;
  /** For X's codes: the PKCE S256 challenge the code was asked with. */
  cc?: string;
  n: string;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export class TokenSigner {
  private readonly key: Buffer;

  constructor(appSecret: string) {
    this.key = createHmac("sha256", "vetted-simulator-tokens").update(appSecret).digest();
  }

  mint(claims: Omit<TokenClaims, "n"> & { n?: string }): string {
    const body = b64url(JSON.stringify({ ...claims, n: claims.n ?? randomBytes(6).toString("hex") }));
    // "EAA" like Meta's tokens, so code that sniffs the prefix behaves the same.
    return `EAA${body}.${this.sign(body)}`;
  }

  /** The claims of a token this simulator signed, else null (unparseable, forged, or from another secret). */
  read(token: string): TokenClaims | null {
    const match = /^EAA([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
    if (!match) return null;
    const [, body, sig] = match as unknown as [string, string, string];
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as TokenClaims;
      return typeof claims.sub === "string" && Array.isArray(claims.scopes) && typeof claims.exp === "number" ? claims : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac("sha256", this.key).update(body).digest("base64url");
  }
}
