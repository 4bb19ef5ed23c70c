// The processes under test: `next start` and two workers, each worker with a health port. Every exit
// the run did not ask for is recorded (a crash); every start is timed until it answers.
import type { ChildProcess } from "node:child_process";
import path from "node:path";
import { exited, isRunning, Processes, signalGroup, stopProcess, waitFor } from "../harness/processes";

export interface ProcessLife {
  name: string;
  starts: number;
  /** Exits the run did not cause: a crash, or a crash loop when there are several. */
  unexpectedExits: { at: number; code: number | null; signal: string | null }[];
  /** Whether each start answered (a worker's /healthz 200) within the limit. */
  everyStartHealthy: boolean;
}

interface Slot extends ProcessLife {
  /** 0 for the web app, which answers on its own port. */
  healthPort: number;
  child: ChildProcess | null;
  /** Set just before the run signals the worker, so its exit is not counted as a crash. */
  stopping: boolean;
}

export const HEALTH_TIMEOUT_MS = 120_000;

export class Cluster {
  private readonly slots: Slot[] = [];
  private readonly web: Slot = { name: "web", healthPort: 0, starts: 0, unexpectedExits: [], everyStartHealthy: true, child: null, stopping: false };

  constructor(
    private readonly procs: Processes,
    private readonly root: string,
    private readonly env: { web: NodeJS.ProcessEnv; worker: NodeJS.ProcessEnv },
    private readonly logDir: string,
  ) {}

  /** The built web app, as production runs it. */
  async startWeb(port: number): Promise<void> {
    const base = `http://127.0.0.1:${port}`;
    const child = this.procs.start(path.join(this.root, "node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", String(port)], path.join(this.root, "apps/web"), this.env.web, { logFile: path.join(this.logDir, "web.log") });
    this.track(this.web, child);
    await this.answering(this.web, `the web app on ${base}`, async () => (await fetch(`${base}/api/auth/csrf`)).ok);
  }

  private track(slot: Slot, child: ChildProcess): void {
    slot.child = child;
    slot.stopping = false;
    slot.starts++;
    child.once("exit", (code, signal) => {
      if (!slot.stopping) slot.unexpectedExits.push({ at: Date.now(), code, signal });
    });
  }

  private async answering(slot: Slot, what: string, ready: () => Promise<boolean>): Promise<void> {
    try {
      await waitFor(what, HEALTH_TIMEOUT_MS, async () => slot.child !== null && isRunning(slot.child) && (await ready()));
    } catch (error) {
      slot.everyStartHealthy = false;
      throw error;
    }
  }

  addWorker(name: string, healthPort: number): void {
    const slot: Slot = { name, healthPort, starts: 0, unexpectedExits: [], everyStartHealthy: true, child: null, stopping: false };
    this.slots.push(slot);
  }

  private slot(name: string): Slot {
    const slot = this.slots.find((s) => s.name === name);
    if (!slot) throw new Error(`no worker ${name}`);
    return slot;
  }

  async healthy(name: string): Promise<boolean> {
    const res = await fetch(`http://127.0.0.1:${this.slot(name).healthPort}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
    return res?.status === 200;
  }

  /** Starts the worker and resolves with the milliseconds until its health check answered 200. */
  async startWorker(name: string): Promise<number> {
    const slot = this.slot(name);
    const started = performance.now();
    const env = { ...this.env.worker, WORKER_HEALTH_PORT: String(slot.healthPort) };
    this.track(slot, this.procs.start(path.join(this.root, "node_modules/.bin/tsx"), ["apps/worker/src/main.ts"], this.root, env, { logFile: path.join(this.logDir, `${name}.log`) }));
    await this.answering(slot, `${name}'s health check`, () => this.healthy(name));
    return performance.now() - started;
  }

  /** SIGKILL to the worker's process group: no shutdown code runs, its jobs and claims are left as they are. */
  async killWorker(name: string): Promise<void> {
    const slot = this.slot(name);
    if (!slot.child) return;
    slot.stopping = true;
    signalGroup(slot.child, "SIGKILL");
    await exited(slot.child);
  }

  /** SIGTERM, as an orchestrator stops a worker: it finishes its jobs and sweeps, then exits. Resolves with the ms it took. */
  async stopWorker(name: string): Promise<number> {
    const slot = this.slot(name);
    if (!slot.child) return 0;
    slot.stopping = true;
    const started = performance.now();
    // The worker's own grace period is 30 s; SIGKILL only if it overran that.
    await stopProcess(slot.child, 45_000);
    return performance.now() - started;
  }

  /** The web app and each worker: starts, crashes, and whether every start answered. */
  lives(): ProcessLife[] {
    return [this.web, ...this.slots].map(({ name, starts, unexpectedExits, everyStartHealthy }) => ({ name, starts, unexpectedExits, everyStartHealthy }));
  }

  /** Stops the workers gracefully, then the web app. */
  async stop(): Promise<void> {
    for (const slot of [this.web, ...this.slots]) slot.stopping = true;
    await Promise.all(this.slots.map((s) => (s.child ? stopProcess(s.child, 45_000) : undefined)));
    if (this.web.child) await stopProcess(this.web.child);
  }
}
