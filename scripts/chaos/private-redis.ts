// A Redis of the chaos run's own: its own port and data folder, so stopping it touches nobody else's
// queues. appendonly yes: every write goes to the append-only file (fsync every second) and SHUTDOWN
// flushes it, so BullMQ's queues are all there again when the server comes back on the same folder.
import { execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { exited, Processes, stopProcess, waitFor } from "../harness/processes";

const cli = (port: number, ...args: string[]) => promisify(execFile)("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { timeout: 5_000 });

export class PrivateRedis {
  readonly dir = mkdtempSync(path.join(tmpdir(), "vetted-chaos-redis-"));
  private server: ChildProcess | null = null;

  constructor(private readonly procs: Processes, readonly port: number, private readonly logFile: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** Starts (or starts again) on the same port and folder; resolves once it answers PING. */
  async start(): Promise<void> {
    this.server = this.procs.start("redis-server", [
      "--port", String(this.port), "--bind", "127.0.0.1", "--dir", this.dir,
      "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
      // As BullMQ's production guide asks: never evict a queue's keys under memory pressure.
      "--maxmemory-policy", "noeviction",
    ], this.dir, process.env, { logFile: this.logFile });
    await waitFor(`the private Redis on port ${this.port}`, 15_000, async () => (await cli(this.port, "PING")).stdout.trim() === "PONG", 100);
  }

  /** SHUTDOWN (the append-only file is flushed first); resolves when the process has exited. */
  async shutdown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    await cli(this.port, "SHUTDOWN").catch(() => undefined); // the connection drops as it exits
    await Promise.race([exited(server), new Promise((r) => setTimeout(r, 10_000))]);
    await stopProcess(server, 1_000);
    this.server = null;
  }

  /** Jobs waiting in a BullMQ queue (its `wait` list), or null while Redis does not answer. */
  async waiting(queue: string, prefix = "vetted"): Promise<number | null> {
    try {
      return Number((await cli(this.port, "LLEN", `${prefix}:${queue}:wait`)).stdout.trim());
    } catch {
      return null;
    }
  }

  async close(): Promise<void> {
    await this.shutdown();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
