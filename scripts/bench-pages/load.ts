// Signed-in users on one page at a time, with autocannon: `connections` concurrent users (closed loop:
// each asks again as soon as its page arrived), each connection with a session cookie of its own.
// Every response's time is kept, so p95 is exact (autocannon's own summary has p90 and p97.5 only);
// an answer that is not 2xx (a redirect to sign-in, a 404, a 500) counts as an error.
import autocannon from "autocannon";
import { measured, notMeasured, type BenchRow } from "../bench/report";
import { percentile } from "../bench-comments/stats";

export interface PageTarget {
  /** The row name: "review queue (/review)". */
  name: string;
  path: string;
  /** Request headers per simulated user (its session cookie); connections take them in turn. */
  users: Record<string, string>[];
}

export interface PageResult {
  name: string;
  path: string;
  requests: number;
  errors: number;
  /** Status codes that were not 2xx, and how often ("302": 12). */
  statuses: Record<string, number>;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  perSecond: number;
  /** The web server's CPU time (all its processes) per page answered, when /proc tells it. */
  cpuMsPerPage?: number;
  /** PostgreSQL's CPU time (the bench database's backends) per page answered, when /proc tells it. */
  dbCpuMsPerPage?: number;
  /** Set when the page was not measured: it does not exist on this build, or refused the first request. */
  missing?: string;
}

export interface LoadOptions {
  connections: number;
  seconds: number;
}

export const P95_TARGET_MS = 150;

/** One request as a user would make it: its status (0 when the connection failed). */
export async function probe(base: string, target: PageTarget): Promise<number> {
  const res = await fetch(`${base}${target.path}`, { headers: target.users[0], redirect: "manual" }).catch(() => null);
  await res?.arrayBuffer();
  return res?.status ?? 0;
}

export function runLoad(base: string, target: PageTarget, opts: LoadOptions): Promise<PageResult> {
  const times: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: `${base}${target.path}`,
      connections: opts.connections,
      duration: opts.seconds,
      // A user waits for the page: no pipelining, and a page slower than 10 s is a timeout (an error).
      pipelining: 1,
      timeout: 10,
      setupClient: (client) => client.setHeaders(target.users[next++ % target.users.length]!),
    }, (error, result) => {
      if (error) return reject(error);
      const answered = times.length;
      const non2xx = Object.values(statuses).reduce((a, b) => a + b, 0);
      resolve({
        name: target.name, path: target.path, requests: answered + result.errors,
        errors: non2xx + result.errors, statuses, p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99),
        max: times.length ? Math.max(...times) : Number.NaN, perSecond: answered / opts.seconds,
      });
    });
    instance.on("response", (_client: unknown, status: number, _bytes: number, ms: number) => {
      times.push(ms);
      if (status < 200 || status > 299) statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    });
  });
}

/** The report's rows of one page: p50, p95 (judged against the target), p99, errors (judged: none), throughput. */
export function pageRows(r: PageResult): BenchRow[] {
  if (r.missing) {
    const row = (measure: string): BenchRow => ({ measure: `${r.name} ${measure}`, value: null, unit: "ms", target: P95_TARGET_MS, comparator: "<=", met: false, note: r.missing });
    return [row("p95")];
  }
  return [
    measured(`${r.name} p50`, round(r.p50), "ms"),
    measured(`${r.name} p95`, round(r.p95), "ms", { comparator: "<=", value: P95_TARGET_MS }),
    measured(`${r.name} p99`, round(r.p99), "ms"),
    measured(`${r.name} errors`, r.errors, "requests", { comparator: "==", value: 0 }),
    measured(`${r.name} throughput`, Math.round(r.perSecond * 10) / 10, "pages/s"),
    ...(r.cpuMsPerPage === undefined ? [] : [measured(`${r.name} web server CPU per page`, round(r.cpuMsPerPage), "ms")]),
    ...(r.dbCpuMsPerPage === undefined ? [] : [measured(`${r.name} PostgreSQL CPU per page`, round(r.dbCpuMsPerPage), "ms")]),
  ];
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/**
 * The least mean response time a closed loop of `connections` users can see when each page costs the
 * machine `cpuMsPerPage` of CPU (web and database) on `cores` cores, whatever the code does with its
 * waiting: Little's law (users = pages/s × time a page) with pages/s at most cores ÷ CPU a page.
 */
export function closedLoopFloorMs(connections: number, cpuMsPerPage: number, cores: number): number {
  return (connections * cpuMsPerPage) / cores;
}

/**
 * Rows of the reference page (a page of the same build that reads nothing: what any page costs before
 * it does its work). Never judged: it says what the judged pages' figures are made of.
 */
export function referenceRows(r: PageResult): BenchRow[] {
  if (r.missing) return [notMeasured(`reference: ${r.name}`, r.missing)];
  return [
    measured(`reference: ${r.name} p95`, round(r.p95), "ms"),
    measured(`reference: ${r.name} errors`, r.errors, "requests"),
    measured(`reference: ${r.name} throughput`, Math.round(r.perSecond * 10) / 10, "pages/s"),
    ...(r.cpuMsPerPage === undefined ? [] : [measured(`reference: ${r.name} web server CPU per page`, round(r.cpuMsPerPage), "ms")]),
  ];
}

/** Per measured page: the closed loop's least possible mean time on this machine (closedLoopFloorMs). */
export function floorRows(results: PageResult[], connections: number, cores: number): BenchRow[] {
  return results
    .filter((r) => !r.missing && r.cpuMsPerPage !== undefined)
    .map((r) => measured(`${r.name}: least mean time ${connections} closed-loop users can get on ${cores} cores`, round(closedLoopFloorMs(connections, r.cpuMsPerPage! + (r.dbCpuMsPerPage ?? 0), cores)), "ms"));
}

/** The console table: one line per page. */
export function pageTable(results: PageResult[]): string {
  const head = ["page", "requests", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "pages/s", "CPU ms/page", "DB CPU ms/page"];
  const lines = results.map((r) => r.missing
    ? [r.name, "-", "-", "-", "-", "-", "-", `MISSING: ${r.missing}`, "-", "-"]
    : [r.name, String(r.requests), `${r.errors}${Object.keys(r.statuses).length ? ` (${Object.entries(r.statuses).map(([s, n]) => `${s}×${n}`).join(", ")})` : ""}`,
      ...[r.p50, r.p95, r.p99, r.max].map((v) => round(v).toFixed(1)), r.perSecond.toFixed(1),
      ...[r.cpuMsPerPage, r.dbCpuMsPerPage].map((v) => (v === undefined ? "-" : round(v).toFixed(1)))]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  return [head, ...lines].map((l) => l.map((c, i) => c.padEnd(widths[i]!)).join("  ")).join("\n");
}
