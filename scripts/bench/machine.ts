// What a bench run was measured on, and at which commit: figures from two machines, or from a busy
// one, are not comparable, so every table carries this.
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";

export interface Machine {
  cores: number;
  cpu: string;
  memoryGb: number;
  node: string;
  os: string;
}

export function describeMachine(): Machine {
  return {
    cores: availableParallelism(),
    cpu: cpus()[0]?.model.trim() || "unknown CPU",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${type()} ${release()}`,
  };
}

/** 1-, 5- and 15-minute load averages, two decimals. */
export const loadAverage = (): number[] => loadavg().map((n) => Math.round(n * 100) / 100);

/**
 * Busy when the 1-minute load average is above three quarters of the cores (1.5 on two): other work
 * then competes for the CPU and the timings stretch by an unknown factor.
 */
export const isBusy = (load1: number, cores: number): boolean => load1 > 0.75 * cores;

export function machineLine(m: Machine): string {
  return `${m.cores} cores, ${m.cpu}, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.os}`;
}

/** The commit benchmarked, and whether the tree had changes on top of it (null outside a git checkout). */
export function gitCommit(cwd: string): { commit: string | null; dirty: boolean } {
  try {
    const commit = execFileSync("git", ["rev-parse", "--short=10", "HEAD"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    const status = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    return { commit, dirty: status.trim().length > 0 };
  } catch {
    return { commit: null, dirty: false };
  }
}
