import { AsyncLocalStorage } from "node:async_hooks";
import { webEnv } from "@vetted/config";
import { logger } from "@vetted/log";
import { authenticateUser, endSession, isAppError, NO_REQUEST, RateLimitedError, SecondFactorError, type RequestMeta } from "@vetted/domain";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { requestMetaFrom } from "./client-ip";
import { servedOverHttps } from "./session-cookie";

/** Carries our error code to the sign-in form; never the entered email or password. */
export class SignInError extends CredentialsSignin {
  constructor(
    code: "invalid" | "rate_limited" | "validation" | "mfa_required" | "mfa_invalid",
    /** Set with "rate_limited": the sign-in form shows it, the route handler sends it as Retry-After. */
    readonly retryAfterSeconds?: number,
  ) {
    super();
    this.code = code;
  }
}

/**
 * What one request to Auth.js's own endpoints learnt on the way: Auth.js turns a failed authorize
 * into a redirect, so a rate limit found there is carried out here to become a 429 (see handlers).
 */
const requestScope = new AsyncLocalStorage<{ meta: RequestMeta; retryAfterSeconds?: number }>();

/** The IP only through the trusted proxies (client-ip.ts): the sign-in limiter is keyed by it. */
function metaFrom(request: Request | undefined): RequestMeta {
  return request ? requestMetaFrom(request.headers) : NO_REQUEST;
}

declare module "next-auth" {
  interface User {
    sessionId?: string;
  }
  interface Session {
    sessionId: string;
  }
}

// Built per request (lazy) so `next build` needs no secrets; the env is still validated once.
const authConfig = () => ({
  secret: webEnv().AUTH_SECRET,
  trustHost: true,
  // Served over HTTPS (APP_URL https://…, production), the cookies are Secure and prefixed
  // (__Secure-authjs.session-token, __Host-authjs.csrf-token): never sent over plain HTTP, and not
  // settable by a sibling subdomain. Decided by APP_URL, not by the request, which a TLS-terminating
  // proxy may forward as http.
  useSecureCookies: servedOverHttps(webEnv().APP_URL),
  // A JWT names the server-side session row; idle logoff and revocation are decided on that row.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  // Auth.js logs whole errors by default; a failed sign-in is expected and audited, so log only its kind.
  logger: {
    error(error) {
      if (error instanceof CredentialsSignin || error.name === "CredentialsSignin") return;
      logger().error({ event: "auth.error", err: error });
    },
    warn(code) {
      logger().warn({ event: "auth.warning", code });
    },
    debug() {},
  },
  providers: [
    Credentials({
      // `code`: the authenticator or recovery code, asked for after the password when the account has MFA.
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" }, code: { label: "Code", type: "text" } },
      async authorize(credentials, request) {
        try {
          const user = await authenticateUser(credentials, metaFrom(request));
          return { id: user.id, email: user.email, name: user.name, sessionId: user.sessionId };
        } catch (error) {
          if (error instanceof RateLimitedError) {
            const scope = requestScope.getStore();
            if (scope) scope.retryAfterSeconds = error.retryAfterSeconds;
            throw new SignInError("rate_limited", error.retryAfterSeconds);
          }
          if (error instanceof SecondFactorError) throw new SignInError(error.kind === "required" ? "mfa_required" : "mfa_invalid");
          if (isAppError(error)) throw new SignInError(error.code === "VALIDATION" ? "validation" : "invalid");
          throw error;
        }
      },
    }),
  ],
  events: {
    // Every sign-out path ends the server-side session row, Auth.js's own /api/auth/signout
    // included: clearing the cookie alone would leave a copied cookie working.
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (typeof sid === "string" && sid) await endSession(sid, "signout", requestScope.getStore()?.meta ?? (await signOutMeta()));
    },
  },
  callbacks: {
    jwt({ token, user }) {
      if (user?.sessionId) token.sid = user.sessionId;
      return token;
    },
    session({ session, token }) {
      if (typeof token.sub === "string") session.user.id = token.sub;
      session.sessionId = typeof token.sid === "string" ? token.sid : "";
      return session;
    },
  },
}) satisfies NextAuthConfig;

const nextAuth = NextAuth(authConfig);
export const { auth, signIn, signOut } = nextAuth;

type Handler = (request: Request) => Promise<Response>;
const inScope = (handler: Handler): Handler => async (request) => {
  const scope: { meta: RequestMeta; retryAfterSeconds?: number } = { meta: metaFrom(request) };
  const response = await requestScope.run(scope, () => handler(request));
  if (scope.retryAfterSeconds === undefined) return response;
  // Over the sign-in limit: an HTTP client gets a real 429, not Auth.js's redirect to the form.
  return Response.json(
    { error: { code: "RATE_LIMITED", message: `Too many attempts, try again in ${scope.retryAfterSeconds} seconds` } },
    { status: 429, headers: { "Retry-After": String(scope.retryAfterSeconds), "Cache-Control": "no-store" } },
  );
};

/** Auth.js's route handlers (/api/auth/*), run with the request's metadata in scope. */
export const handlers = { GET: inScope(nextAuth.handlers.GET as Handler), POST: inScope(nextAuth.handlers.POST as Handler) };

/** A sign-out started by our own server action has no handler scope: read the request headers. */
async function signOutMeta(): Promise<RequestMeta> {
  try {
    const { currentRequestMeta } = await import("./request");
    return await currentRequestMeta();
  } catch {
    return NO_REQUEST; // outside a request (scripts, tests): the session still ends
  }
}
