// Where the machine's CPU went during a bench run, per component (Linux /proc; elsewhere nothing is
// reported). Tells a saturated box from a slow path: the figures only mean something together.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface Proc { pid: number; ppid: number; ticks: number }

function readProcs(): Proc[] | null {
  let entries: string[];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const procs: Proc[] = [];
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      // Fields after the command (which may hold spaces) in ")": state ppid … utime(14) stime(15).
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.push({ pid: Number(e), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) });
    } catch {
      // Gone between the listing and the read.
    }
  }
  return procs;
}

/** CPU ticks per named group: each root pid with all its descendants, plus loose pids (database backends). */
export function cpuSnapshot(groups: Record<string, { roots?: number[]; pids?: number[] }>): Map<string, Map<number, number>> | null {
  const procs = readProcs();
  if (!procs) return null;
  const children = new Map<number, Proc[]>();
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(procs.map((p) => [p.pid, p]));
  const out = new Map<string, Map<number, number>>();
  for (const [name, { roots = [], pids = [] }] of Object.entries(groups)) {
    const seen = new Map<number, number>();
    const stack = roots.map((r) => byPid.get(r)).filter((p): p is Proc => p !== undefined);
    while (stack.length) {
      const p = stack.pop()!;
      seen.set(p.pid, p.ticks);
      stack.push(...(children.get(p.pid) ?? []));
    }
    for (const pid of pids) {
      const p = byPid.get(pid);
      if (p) seen.set(pid, p.ticks);
    }
    out.set(name, seen);
  }
  return out;
}

/** Seconds of CPU per group between two snapshots (a process absent from the first counts from zero). */
export function cpuSeconds(before: Map<string, Map<number, number>>, after: Map<string, Map<number, number>>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [name, now] of after) {
    const then = before.get(name) ?? new Map<number, number>();
    let ticks = 0;
    for (const [pid, t] of now) ticks += t - (then.get(pid) ?? 0);
    result[name] = ticks / TICKS_PER_SECOND;
  }
  return result;
}
