// The production build of the web app (`next start` serves it), rebuilt only when it is missing or
// older than a source file it is built from: the web app and the packages it bundles.
import { execFileSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";

// Not bundled into the build: tests, e2e specs and docs change nothing `next start` serves.
const NOT_BUILT = [/\.test\.tsx?$/, /(^|\/)e2e\//, /(^|\/)test\//, /\.md$/];

/** Sources git knows (tracked, or new and not ignored) under the web app and the packages. */
function sourceFiles(root: string): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "-z", "apps/web", "packages", "prisma/schema.prisma"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return out.split("\0").filter((f) => f && !NOT_BUILT.some((re) => re.test(f)));
}

export type BuildState = { state: "missing" } | { state: "stale"; newer: string } | { state: "fresh" };

/** Missing, stale (naming one newer source) or fresh, from the BUILD_ID's time and the sources' times. */
export function buildState(buildMs: number | null, sources: Iterable<[file: string, mtimeMs: number]>): BuildState {
  if (buildMs === null) return { state: "missing" };
  for (const [file, mtimeMs] of sources) if (mtimeMs > buildMs) return { state: "stale", newer: file };
  return { state: "fresh" };
}

function mtimeOrNull(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

export function webBuildState(root: string): BuildState {
  const sources = function* () {
    for (const file of sourceFiles(root)) {
      const mtime = mtimeOrNull(path.join(root, file));
      if (mtime !== null) yield [file, mtime] as [string, number];
    }
  };
  return buildState(mtimeOrNull(path.join(root, "apps/web/.next/BUILD_ID")), sources());
}

/** Builds the web app (`npm run build -w @vetted/web`) unless a fresh build is there; says why it builds. */
export function ensureWebBuild(root: string, env: NodeJS.ProcessEnv, say: (line: string) => void): void {
  const build = webBuildState(root);
  if (build.state === "fresh") return;
  say(build.state === "missing" ? "Building the web app (no production build found)" : `Building the web app (${build.newer} is newer than the build)`);
  execFileSync("npm", ["run", "build", "-w", "@vetted/web"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
}
