import { db } from "@vetted/db";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { encryptFixtureConsent } from "./fixture-consent";
import { importApp, listAppFiles } from "./route-harness";
import { buildFixture, type Fixture } from "./route-table";
import { DYNAMIC_PAGES, STATIC_PAGES } from "./page-table";

// Every page with an id in its URL answers Next's 404 (never a 500, never someone else's record)
// for an unknown, a malformed and another org's id. Pages are called in-process like the route
// matrix calls handlers: the default export with its params, catching what Next's notFound() throws.

const acting = vi.hoisted(() => ({ userId: null as string | null, sessionId: null as string | null }));
vi.mock("../../../packages/auth/src/session.ts", () => ({
  currentIdentity: async () => (acting.userId && acting.sessionId ? { userId: acting.userId, sessionId: acting.sessionId } : null),
}));
// Each request from an address of its own: these tests hit every route from one process, and the
// per-IP abuse limits (public link misses, password resets, sign-in) would otherwise stand in front
// of the handlers after the first few dozen requests.
vi.mock("../../../packages/auth/src/request.ts", async () => {
  const { randomTestIp } = await import("@vetted/domain/testing");
  return { currentRequestMeta: async () => ({ ip: randomTestIp(), userAgent: "page-matrix" }) };
});
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// The public approval page reads its link's session cookie (issue 16): an empty jar, as for a browser without one.
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false }), headers: async () => new Headers() }));
// Outside a real request Next's connection() throws; inside one it only marks the page dynamic.
vi.mock("next/server", async (original) => ({ ...(await original<Record<string, unknown>>()), connection: async () => undefined }));

/** What Next 16's notFound() throws: an error whose digest is "NEXT_HTTP_ERROR_FALLBACK;404". */
const NOT_FOUND_DIGEST = "NEXT_HTTP_ERROR_FALLBACK;404";
type Page = (props: { params: Promise<Record<string, string>>; searchParams: Promise<Record<string, string>> }) => unknown;

async function render(file: string, params: Record<string, string>): Promise<"404" | "rendered" | string> {
  const page = (await importApp(file)).default as Page;
  try {
    await page({ params: Promise.resolve(params), searchParams: Promise.resolve({}) });
    return "rendered";
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    return digest === NOT_FOUND_DIGEST ? "404" : `threw ${(error as Error).name} ${String(digest ?? (error as Error).message).slice(0, 120)}`;
  }
}

async function actAs(userId: string) {
  const session = await db().userSession.create({ data: { userId, idleMinutes: 60 } });
  acting.userId = userId;
  acting.sessionId = session.id;
}

let f: Fixture;
beforeAll(async () => {
  f = await buildFixture();
  await encryptFixtureConsent(f);
});

describe("page matrix: unknown, malformed and foreign ids are a 404", () => {
  it("covers every page of the app", () => {
    const pages = listAppFiles("page.tsx").sort();
    expect(pages.filter((p) => p.includes("["))).toEqual(Object.keys(DYNAMIC_PAGES).sort());
    expect(pages.filter((p) => !p.includes("["))).toEqual(Object.keys(STATIC_PAGES).sort());
  });

  for (const [file, entry] of Object.entries(DYNAMIC_PAGES)) {
    it(`${file}: ${Object.keys(entry.bad).join(", ")} → 404`, async () => {
      await actAs(f.b.users.ADMIN.id);
      for (const [variant, params] of Object.entries(entry.bad)) expect.soft(await render(file, params(f)), variant).toBe("404");
      if (entry.valid) {
        const { viewer, params } = entry.valid(f);
        await actAs(f[viewer].users.ADMIN.id);
        expect(await render(file, params), "the page's own record is not a 404 (the check is not vacuous)").toBe("rendered");
      }
    });
  }
});

describe("pages over the caller's own orgs", () => {
  it("overview/page.tsx: org B's admin gets org B's row only, nothing of org A", async () => {
    await actAs(f.b.users.ADMIN.id);
    const page = (await importApp("overview/page.tsx")).default as () => Promise<unknown>;
    // The rendered tree (server components' props) as text: B's org is in it, A's id nowhere.
    const tree = JSON.stringify(await page());
    expect(tree).toContain(f.b.org.id);
    expect(tree).not.toContain(f.a.org.id);
  });
});
