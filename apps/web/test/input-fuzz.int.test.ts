import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEV_INTAKE_SECRET } from "@vetted/config";
import { createUser } from "@vetted/db/testing";
import { db } from "@vetted/db";
import { forgetLimit, testPasswordHash } from "@vetted/domain/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encryptFixtureConsent } from "./fixture-consent";
import { APP_DIR, HTTP_METHODS, callRoute, importApp, listAppFiles, listServerActionFiles } from "./route-harness";
import { ACTIONS, NOT_ORG_SCOPED, ROUTES, buildFixture, type Fixture } from "./route-table";

// Hostile input on every route handler and server action, sent by a signed-in member of the org:
// malformed JSON, NUL bytes in every string field, 1 MB strings, wrong types. Nothing may answer
// 5xx (or, for an action, throw anything but a redirect/notFound, or return an INTERNAL error).
// Routes and actions come from the file tree, so a new one is fuzzed without an entry here.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
// Each request from an address of its own: these tests hit every route from one process, and the
// per-IP abuse limits (public link misses, password resets, sign-in) would otherwise stand in front
// of the handlers after the first few dozen requests.
vi.mock("../../../packages/auth/src/request.ts", async () => {
  const { randomTestIp } = await import("@vetted/domain/testing");
  return { currentRequestMeta: async () => ({ ip: randomTestIp(), userAgent: "input-fuzz" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// Auth.js's signIn (the sign-in action) reads the request's headers and cookies: give it an empty request.
vi.mock("next/headers", () => {
  const jar = new Map<string, { name: string; value: string }>();
  const cookies = { get: (n: string) => jar.get(n), getAll: () => [...jar.values()], has: (n: string) => jar.has(n), set: (n: string, v: string) => void jar.set(n, { name: n, value: v }), delete: (n: string) => void jar.delete(n) };
  return { headers: async () => new Headers({ host: "localhost", "x-forwarded-proto": "http" }), cookies: async () => cookies };
});

const MB = "x".repeat(1024 * 1024);
const NUL = "\u0000";
/** Auth.js's own endpoints parse their input themselves (and need a real request scope); actions without input. */
const SKIP: Record<string, string> = {
  "api/auth/[...nextauth]/route.ts GET": "Auth.js",
  "api/auth/[...nextauth]/route.ts POST": "Auth.js",
  "(auth)/signout/actions.ts signOutAction": "takes no input",
  "(auth)/signout/actions.ts idleSignOutAction": "takes no input",
};
/** Bodies and forms for the routes and actions outside the org table. */
const EXTRA_BODIES: Record<string, (f: Fixture) => unknown> = {
  "api/notifications/read/route.ts POST": () => ({ ids: [randomUUID()] }),
  "sign/[token]/submit/route.ts POST": () => ({ signerName: "Pat Doe", signature: "data:image/png;base64,AAAA", ackRightToRevoke: true }),
  "ack/[token]/quiz/route.ts POST": () => ({ answers: { [randomUUID()]: 0 } }),
  "ack/[token]/sign/route.ts POST": () => ({ typedName: "Pat Doe", confirm: true }),
  "ack/[token]/reading-time/route.ts POST": () => ({ seconds: 30 }),
  "approve/[token]/verify/route.ts POST": () => ({ code: "123456" }),
  "approve/[token]/decision/route.ts POST": () => ({ decision: "REQUEST_CHANGES", comment: "Please use the other photo" }),
  "api/password-reset/route.ts POST": () => ({ email: `fuzz-${randomUUID()}@example.org` }),
  "api/intake/groups/route.ts POST": (f) => ({ to: f.intakeAddress, from: "Pat Doe <pat@example.org>", subject: "Fwd: group post", text: "A forwarded group post" }),
};
/** Headers a route needs to get past its own authentication, so its body is what gets fuzzed. */
const EXTRA_HEADERS: Record<string, Record<string, string>> = { "api/intake/groups/route.ts POST": { "x-intake-secret": DEV_INTAKE_SECRET } };
const EXTRA_FORMS: Record<string, (f: Fixture) => Record<string, string>> = {
  "(auth)/signin/actions.ts signInAction": () => ({ email: `fuzz-${randomUUID()}@example.org`, password: "correct horse battery", next: "/orgs" }),
  "invite/[token]/actions.ts acceptInvitationAction": () => ({ name: "New Person", password: "a long enough password 1" }),
  "agency/actions.ts createOrgAction": () => ({ name: "Fuzz clinic", slug: "fuzz-clinic" }),
  "agency/actions.ts assignMemberAction": (f) => ({ orgId: f.a.org.id, userId: f.a.users.STAFF.id, role: "STAFF" }),
  "agency/actions.ts retryMailAction": () => ({ mailId: randomUUID() }),
  "reset-password/[token]/actions.ts resetPasswordAction": () => ({ password: "violet-harbour-teaspoon-91" }),
  // The caller's own account security (issue 15).
  "account/security/actions.ts startMfaEnrolmentAction": () => ({}),
  "account/security/actions.ts confirmMfaEnrolmentAction": () => ({ code: "123456" }),
  "account/security/actions.ts disableMfaAction": () => ({}),
  "account/security/actions.ts regenerateRecoveryCodesAction": () => ({}),
  "account/security/actions.ts revokeSessionAction": () => ({ sessionId: randomUUID() }),
  "account/security/actions.ts revokeOtherSessionsAction": () => ({}),
};
const MULTIPART = new Set(["api/orgs/[orgSlug]/media/route.ts POST", "api/orgs/[orgSlug]/consents/route.ts POST", "api/orgs/[orgSlug]/group-reports/route.ts POST", "api/orgs/[orgSlug]/policy/roster/import/route.ts POST"]);
const MULTIPART_FIELDS = { subjectName: "Pat Doe", informationDescription: "Photos", discloser: "Clinic", recipients: "Agency", channels: "FACEBOOK", purposes: "SOCIAL_MEDIA_MARKETING", signerName: "Pat Doe", signedAt: "2026-01-01", ackRightToRevoke: "true",
  // The group-report form's fields (the other multipart routes ignore them).
  groupName: "Night shift", channel: "PRIVATE_GROUP", authorName: "Pat Doe", text: "A pasted group post", mode: "paste" };
const QUERY_KEYS = ["status", "state", "page", "pageSize", "from", "to", "actorId", "action", "variant", "download", "org", "channel", "risk", "dueWithinHours", "expiringSoon", "q"];

/** Every string leaf replaced by `to(old)`. */
function mapStrings(value: unknown, to: (s: string) => string): unknown {
  if (typeof value === "string") return to(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, to));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, to)]));
  return value;
}

function jsonBodies(base: unknown): string[] {
  const record = base && typeof base === "object" && !Array.isArray(base) ? (base as Record<string, unknown>) : {};
  const bodies = ["{not json", "[", "", "123", "null", "[]", '"text"', '{"\\u0000":1}'];
  bodies.push(JSON.stringify(mapStrings(base, (s) => `${s}${NUL}`)), JSON.stringify(mapStrings(base, () => NUL)));
  bodies.push(JSON.stringify(mapStrings(base, () => MB)), JSON.stringify(mapStrings(base, () => "y".repeat(60_000))));
  for (const key of Object.keys(record)) {
    for (const wrong of [-1e308, ["a", 1], { nested: NUL }, null, true]) bodies.push(JSON.stringify({ ...record, [key]: wrong }));
  }
  return bodies;
}

function forms(base: Record<string, string>): FormData[] {
  const make = (entries: [string, string | Blob][]) => {
    const data = new FormData();
    for (const [k, v] of entries) data.append(k, v);
    return data;
  };
  const entries = Object.entries(base);
  const out = [make([]), make(entries.map(([k, v]) => [k, `${v}${NUL}`])), make(entries.map(([k]) => [k, NUL])), make(entries.map(([k]) => [k, MB]))];
  for (const [key] of entries) {
    const others = entries.filter(([k]) => k !== key);
    for (const wrong of ["", "1e309", '{"a":1}', randomUUID()]) out.push(make([...others, [key, wrong]]));
    out.push(make([...others, [key, "a"], [key, "b"]]));
    out.push(make([...others, [key, new File([new Uint8Array([0, 1, 2])], `f${NUL}.bin`)]]));
  }
  return out;
}

let f: Fixture;
let agencyAdmin: { id: string };
const figures = { requests: 0, fiveHundreds: 0, actionCalls: 0, actionFailures: 0 };
const failures: string[] = [];
// A fuzz request refused by an abuse limit never reaches the handler's input parsing: none may be.
const limited = { routes: [] as string[], actions: [] as string[] };

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60, reauthAt: new Date() } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

beforeAll(async () => {
  f = await buildFixture();
  await encryptFixtureConsent(f);
  agencyAdmin = await createUser({ passwordHash: await testPasswordHash(), agencyId: f.a.org.agencyId, agencyAdmin: true });
});

afterAll(() => {
  console.log(`input fuzz: ${figures.requests} route requests, ${figures.fiveHundreds} answered 5xx; ${figures.actionCalls} action calls, ${figures.actionFailures} failed as 5xx`);
});

async function send(key: string, file: string, method: string, params: Record<string, string>, init: Parameters<typeof callRoute>[3]) {
  figures.requests++;
  let status: number;
  try {
    status = (await callRoute(file, method, params, init)).status;
  } catch (error) {
    status = 599; // a handler that throws instead of answering is a 500 in Next
    void error;
  }
  if (status === 429) limited.routes.push(key);
  if (status >= 500) {
    figures.fiveHundreds++;
    failures.push(`${key} ${JSON.stringify({ params: mapStrings(params, (s) => s.slice(0, 40)), query: init?.query?.slice(0, 60), body: typeof init?.body === "string" ? init.body.slice(0, 80) : "multipart" })} → ${status}`);
  }
}

function paramVariants(params: Record<string, string>): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const key of Object.keys(params)) {
    if (key === "orgSlug") continue;
    for (const bad of [NUL, `${randomUUID()}${NUL}`, "not-a-uuid", randomUUID(), "x".repeat(5000)]) out.push({ ...params, [key]: bad });
  }
  return out;
}

describe("input fuzz over every route handler and server action", () => {
  it("no route handler answers 5xx to hostile input", async () => {
    await actAs(f.a.users.ADMIN.id);
    const routes: string[] = [];
    for (const file of listAppFiles("route.ts")) {
      const mod = await importApp(file);
      for (const m of HTTP_METHODS) if (typeof mod[m] === "function") routes.push(`${file} ${m}`);
    }
    expect(routes.length).toBeGreaterThan(30);
    for (const key of routes) {
      if (SKIP[key]) continue;
      const [file, method] = key.split(" ") as [string, string];
      const entry = ROUTES[key];
      const params = entry ? entry.params(f) : file.includes("[token]") ? { token: "t".repeat(43) } : {};
      const base = entry?.body?.(f) ?? EXTRA_BODIES[key]?.(f) ?? {};
      for (const p of [params, ...paramVariants(params)]) {
        if (method === "GET") {
          await send(key, file, method, p, { query: entry?.query });
          if (p !== params) continue; // bad ids: the plain request is enough
          // Every known filter name for a handler that reads its query string; one for the others.
          const readsQuery = /queryObject|searchParams/.test(readFileSync(path.join(APP_DIR, file), "utf8"));
          for (const q of readsQuery ? QUERY_KEYS : ["q"]) {
            for (const v of [`a${NUL}b`, MB.slice(0, 100_000), "-1"]) await send(key, file, method, p, { query: `?${q}=${encodeURIComponent(v)}` });
            await send(key, file, method, p, { query: `?${q}=a&${q}=b` });
          }
        } else if (MULTIPART.has(key) && p === params) {
          // ~90 uploads per route by one admin: each route starts with the whole hourly budget.
          await forgetLimit("uploads.user", f.a.users.ADMIN.id);
          await forgetLimit("uploads.org", f.a.org.id);
          for (const data of forms(MULTIPART_FIELDS)) {
            data.set("file", new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0])], "a.png", { type: "image/png" }));
            const body = new Response(data);
            const headers = { "content-type": body.headers.get("content-type")! };
            await send(key, file, method, p, { body: new Uint8Array(await body.arrayBuffer()), headers });
          }
          const nulName = new FormData();
          nulName.set("file", new File([new Uint8Array([1])], `a${NUL}.png`));
          const body = new Response(nulName);
          await send(key, file, method, p, { body: new Uint8Array(await body.arrayBuffer()), headers: { "content-type": body.headers.get("content-type")! } });
        } else if (p !== params) {
          await send(key, file, method, p, { body: JSON.stringify(base), headers: EXTRA_HEADERS[key] }); // bad ids: one valid body is enough
        } else {
          for (const body of jsonBodies(base)) await send(key, file, method, p, { body, headers: EXTRA_HEADERS[key] });
        }
      }
    }
    expect.soft(failures, failures.join("\n")).toEqual([]);
    expect.soft([...new Set(limited.routes)], "requests refused by an abuse limit instead of reaching the handler").toEqual([]);
  }, 120_000);

  it("no server action throws or reports an INTERNAL error for hostile forms", async () => {
    for (const file of listServerActionFiles()) {
      const mod = await importApp(file);
      for (const [name, action] of Object.entries(mod)) {
        const key = `${file} ${name}`;
        if (typeof action !== "function" || SKIP[key]) continue;
        const entry = ACTIONS[key];
        const base = entry ? entry.form(f) : EXTRA_FORMS[key]?.(f);
        expect(base, `${key} has no fuzz form`).toBeDefined();
        await actAs(NOT_ORG_SCOPED[key]?.startsWith("agency") ? agencyAdmin.id : f.a.users.ADMIN.id);
        const call = (data: FormData): Promise<unknown> =>
          entry ? action(f.a.org.slug, null, data) : key.includes("[token]/") ? action("t".repeat(43), null, data) : action(null, data);
        for (const data of forms(base!)) {
          figures.actionCalls++;
          let outcome: string | null = null;
          try {
            const result = (await call(data)) as { ok?: boolean; error?: { code?: string; limit?: string } } | undefined;
            if (result && result.ok === false && result.error?.code === "INTERNAL") outcome = "INTERNAL";
            // An abuse limit names its rule; the sign-in limiter's per-account wait (no rule name) is how
            // sign-in answers repeated wrong passwords, and is expected here.
            if (result && result.ok === false && result.error?.code === "RATE_LIMITED" && result.error.limit) limited.actions.push(key);
          } catch (error) {
            const digest = String((error as { digest?: unknown }).digest ?? "");
            if (!digest.startsWith("NEXT_REDIRECT") && !digest.startsWith("NEXT_HTTP_ERROR_FALLBACK")) outcome = `threw ${(error as Error).name}: ${(error as Error).message.slice(0, 80)}`;
          }
          if (outcome) {
            figures.actionFailures++;
            failures.push(`${key} ${JSON.stringify([...data.entries()].map(([k, v]) => [k, typeof v === "string" ? v.slice(0, 30) : "file"]))} → ${outcome}`);
          }
        }
      }
    }
    expect.soft(failures, failures.join("\n")).toEqual([]);
    expect.soft([...new Set(limited.actions)], "actions refused by an abuse limit instead of reaching the use case").toEqual([]);
  }, 120_000);
});
