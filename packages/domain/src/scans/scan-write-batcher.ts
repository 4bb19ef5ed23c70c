import { writeScanResults, type RunScanJobResult, type ScanWrite } from "./write-scan-results";

export type ScanWriter = (orgId: string, write: ScanWrite) => Promise<RunScanJobResult>;

/** Without batching: one transaction per scan. */
export const writeEach: ScanWriter = async (orgId, write) => (await writeScanResults(orgId, [write]))[0]!;

interface Waiting {
  write: ScanWrite;
  resolve: (r: RunScanJobResult) => void;
  reject: (e: unknown) => void;
}

/**
 * Group commit for one worker process. All scans of an org serialize on the org's audit lock
 * anyway, so instead of queueing for it one transaction at a time, scans that finish while the
 * org's previous write is in flight wait for it and are then committed together (at most maxBatch
 * per transaction). A lone scan is written at once: batching adds no delay when the queue is idle.
 * If a batch fails, its scans are retried one by one, so one bad scan fails only its own job.
 */
export function createScanWriteBatcher(opts: { maxBatch?: number; write?: typeof writeScanResults } = {}): ScanWriter {
  const maxBatch = opts.maxBatch ?? 32;
  const write = opts.write ?? writeScanResults;
  const queues = new Map<string, Waiting[]>();

  async function drain(orgId: string, queue: Waiting[]): Promise<void> {
    while (queue.length) {
      const batch = queue.splice(0, maxBatch);
      try {
        const results = await write(orgId, batch.map((w) => w.write));
        batch.forEach((w, i) => w.resolve(results[i]!));
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const w of batch) await write(orgId, [w.write]).then((r) => w.resolve(r[0]!), w.reject);
      }
    }
    queues.delete(orgId);
  }

  return (orgId, scanWrite) =>
    new Promise<RunScanJobResult>((resolve, reject) => {
      const waiting = { write: scanWrite, resolve, reject };
      const queue = queues.get(orgId);
      if (queue) {
        queue.push(waiting);
        return;
      }
      const fresh = [waiting];
      queues.set(orgId, fresh);
      void drain(orgId, fresh);
    });
}
