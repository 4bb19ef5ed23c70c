import { webEnv } from "@vetted/config";
import { authenticateUser, isAppError, type RequestMeta } from "@vetted/domain";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";

/** Carries our error code to the sign-in form; never the entered email or password. */
export class SignInError extends CredentialsSignin {
  constructor(code: "invalid" | "locked" | "validation") {
    super();
    this.code = code;
  }
}

function metaFrom(request: Request | undefined): RequestMeta {
  const forwarded = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return { ip: forwarded || request?.headers.get("x-real-ip") || null, userAgent: request?.headers.get("user-agent") ?? null };
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
  // A JWT names the server-side session row; idle logoff and revocation are decided on that row.
  session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
  pages: { signIn: "/signin" },
  // Auth.js logs whole errors by default; a failed sign-in is expected and audited, so log only its kind.
  logger: {
    error(error) {
      if (error.name === "CredentialsSignin") return;
      console.error(JSON.stringify({ level: "error", msg: "auth error", name: error.name }));
    },
    warn(code) {
      console.warn(JSON.stringify({ level: "warn", msg: "auth warning", code }));
    },
    debug() {},
  },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await authenticateUser(credentials, metaFrom(request));
          return { id: user.id, email: user.email, name: user.name, sessionId: user.sessionId };
        } catch (error) {
          if (isAppError(error)) {
            throw new SignInError(error.code === "LOCKED" ? "locked" : error.code === "VALIDATION" ? "validation" : "invalid");
          }
          throw error;
        }
      },
    }),
  ],
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

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);
