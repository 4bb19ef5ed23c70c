import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Client components ship to the browser. The scanner (its vocabularies include a GPL-3+ medical
// word list, and megabytes of model weights) and the domain/db layers must never be bundled there:
// the composer's hint calls the server (api/orgs/[orgSlug]/scan-preview) instead.
const WEB = fileURLToPath(new URL("..", import.meta.url));
const SERVER_ONLY = ["@vetted/scanner", "@vetted/domain", "@vetted/db", "@vetted/auth", "@vetted/queue", "@/lib/input"];
// Modules of those packages written to run anywhere: no imports at all (checked below).
const CLIENT_SAFE: Record<string, string> = {
  "@vetted/domain/manual-text": "../../packages/domain/src/policy/manual-text.ts",
  "@vetted/domain/network-limits": "../../packages/domain/src/posts/network-limits.ts",
  "@vetted/domain/zoned-dates": "../../packages/domain/src/time/zoned-dates.ts",
  "@vetted/domain/date-formats": "../../packages/domain/src/time/date-formats.ts",
};

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name.startsWith(".") || name === "e2e" || name === "test") return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe("client components", () => {
  it("import nothing server-only", () => {
    const clientFiles = sources(WEB).filter((file) => /^\s*["']use client["']/.test(readFileSync(file, "utf8")));
    expect(clientFiles.length).toBeGreaterThan(10);
    const offenders = clientFiles.flatMap((file) => {
      // `import type` is erased by the compiler: nothing of the module reaches the bundle.
      const text = readFileSync(file, "utf8").replace(/^import type [^;]*;$/gm, "");
      const withoutSafe = Object.keys(CLIENT_SAFE).reduce((t, mod) => t.replaceAll(`"${mod}"`, '""').replaceAll(`'${mod}'`, "''"), text);
      return SERVER_ONLY.filter((mod) => new RegExp(`from\\s+["']${mod.replace(/[/@]/g, "\\$&")}(/[^"']*)?["']|import\\(["']${mod.replace(/[/@]/g, "\\$&")}`).test(withoutSafe)).map((mod) => `${relative(WEB, file)} imports ${mod}`);
    });
    expect(offenders).toEqual([]);
  });

  it("may use the client-safe modules, which import nothing", () => {
    for (const path of Object.values(CLIENT_SAFE)) expect(readFileSync(join(WEB, path), "utf8")).not.toMatch(/^\s*import\s|\brequire\(|\bimport\(/m);
  });
});
