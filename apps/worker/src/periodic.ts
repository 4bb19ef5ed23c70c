import type { Logger } from "@vetted/log";

export interface Periodic {
  /** No new run starts; resolves when the one in flight (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * Runs `task` every `intervalMs`, never two at once (the next run is timed from the end of the
 * previous one, so a slow sweep cannot pile up). Errors are logged by class and the loop goes on:
 * the database or Redis coming back should not need a restart.
 */
export function every(name: string, intervalMs: number, task: () => Promise<Record<string, number>>, log: Logger): Periodic {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = async () => {
    try {
      const counts = await task();
      if (Object.values(counts).some((n) => n > 0)) log.info({ event: `${name}.ran`, ...counts });
    } catch (error) {
      log.warn({ event: `${name}.failed`, err: error });
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run().finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
