// The same pages under people rather than a closed loop: `users` signed-in users, each asking for the
// page, reading it for a think time drawn between `thinkMs[0]` and `thinkMs[1]`, then asking again
// (k6's virtual users with a sleep). Reported beside the judged closed-loop figures, never judged:
// which of the two "50 concurrent users" means is the question left to issue 16's filer.
import { prng } from "../../prisma/prng";
import { measured, type BenchRow } from "../bench/report";
import { percentile } from "../bench-comments/stats";
import type { PageTarget } from "./load";

export interface ThinkOptions {
  users: number;
  seconds: number;
  /** Think time between a page's arrival and the user's next request, uniform in [min, max] ms. */
  thinkMs: [number, number];
  seed?: number;
}

export interface ThinkResult {
  name: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  perSecond: number;
}

/** Each user's think times: deterministic for a seed, within the bounds. */
export function thinkTimes(seed: number, [min, max]: [number, number]): () => number {
  const random = prng(seed);
  return () => min + random() * (max - min);
}

export async function runUsersWithThinkTime(base: string, target: PageTarget, opts: ThinkOptions): Promise<ThinkResult> {
  const times: number[] = [];
  let errors = 0;
  const end = performance.now() + opts.seconds * 1000;
  const user = async (i: number) => {
    const think = thinkTimes((opts.seed ?? 1) * 1000 + i, opts.thinkMs);
    // People do not arrive together: each starts within the first think time.
    await sleep(think() * ((i + 1) / opts.users));
    while (performance.now() < end) {
      const t0 = performance.now();
      const res = await fetch(`${base}${target.path}`, { headers: target.users[i % target.users.length], redirect: "manual", signal: AbortSignal.timeout(10_000) }).catch(() => null);
      await res?.arrayBuffer().catch(() => undefined);
      times.push(performance.now() - t0);
      if (!res || res.status < 200 || res.status > 299) errors++;
      await sleep(think());
    }
  };
  await Promise.all(Array.from({ length: opts.users }, (_, i) => user(i)));
  return { name: target.name, requests: times.length, errors, p50: percentile(times, 50), p95: percentile(times, 95), perSecond: times.length / opts.seconds };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Reported, not judged: the judged rows are the closed loop's (load.ts). */
export function thinkRows(r: ThinkResult, opts: Pick<ThinkOptions, "users" | "thinkMs">): BenchRow[] {
  const label = `${r.name}, ${opts.users} users thinking ${opts.thinkMs[0] / 1000}–${opts.thinkMs[1] / 1000} s`;
  return [
    measured(`${label}: p50`, round(r.p50), "ms"),
    measured(`${label}: p95`, round(r.p95), "ms"),
    measured(`${label}: errors`, r.errors, "requests"),
    measured(`${label}: pages/s`, Math.round(r.perSecond * 10) / 10, "pages/s"),
  ];
}
