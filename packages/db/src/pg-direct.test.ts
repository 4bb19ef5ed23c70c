import { beforeEach, describe, expect, it, vi } from "vitest";

// A fresh copy of the module for each test: the names it has handed out are process state.
let mod: typeof import("./pg-direct");
beforeEach(async () => {
  vi.resetModules();
  mod = await import("./pg-direct");
});

describe("statementName", () => {
  it("names a text by its hash: the same text the same name, another text another", () => {
    const a = mod.statementName(`SELECT 1 WHERE "orgId" = $1`);
    expect(a).toMatch(/^vetted_[0-9a-f]{24}$/);
    expect(mod.statementName(`SELECT 1 WHERE "orgId" = $1`)).toBe(a);
    expect(mod.statementName(`SELECT 2 WHERE "orgId" = $1`)).not.toBe(a);
  });

  it("stops naming new texts at the cap, and keeps the names it gave", () => {
    const first = mod.statementName("SELECT 0");
    for (let i = 1; i < mod.MAX_NAMED_STATEMENTS; i++) expect(mod.statementName(`SELECT ${i}`)).toBeDefined();
    expect(mod.statementName("SELECT 'one too many'")).toBeUndefined();
    expect(mod.statementName("SELECT 0")).toBe(first);
  });
});
