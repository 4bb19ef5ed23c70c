// The web app a bench drives: the production build under `next start` (a full run; built first when it
// is missing or older than its sources), or, in smoke mode, a stand-in that serves the few routes the
// benches call through the same domain use cases (web-stand-in.ts): the integration suite, which runs
// the smoke benches, comes before the build.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { tsxBin, type Processes } from "../harness/processes";
import type { BenchArgs } from "./report";

export const ROOT = path.resolve(import.meta.dirname, "../..");

export type WebKind = "next" | "stand-in";

/** `--web=next|stand-in`; by default next in a full run and the stand-in in smoke mode. */
export function webKind(args: BenchArgs): WebKind {
  const chosen = args.options.get("web") ?? (args.smoke ? "stand-in" : "next");
  if (chosen !== "next" && chosen !== "stand-in") throw new Error(`--web must be next or stand-in, not "${chosen}"`);
  return chosen;
}

export interface WebApp {
  kind: WebKind;
  process: ChildProcess;
  /** How the web layer ran, for the report's notes. */
  note: string;
}

export function startWeb(kind: WebKind, procs: Processes, env: NodeJS.ProcessEnv, port: number): WebApp {
  if (kind === "next") {
    const child = procs.start(path.join(ROOT, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], path.join(ROOT, "apps/web"), env);
    return { kind, process: child, note: "web: the production build under next start" };
  }
  const child = procs.start(tsxBin(ROOT), ["scripts/bench/web-stand-in.ts"], ROOT, { ...env, BENCH_STAND_IN_PORT: String(port) });
  return {
    kind,
    process: child,
    note: "web: STAND-IN (smoke mode has no next build): the benches' routes served by node:http calling the same domain use cases, no session or Next; its timings say nothing about the web layer",
  };
}
