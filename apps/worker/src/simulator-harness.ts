import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { ingestMetaWebhook } from "@vetted/domain";
import type { Producer } from "@vetted/queue";
import { createSimulator, type Simulator } from "@vetted/simulator";
import { expect } from "vitest";

// For the worker's integration tests: the platform simulator over real HTTP, delivering signed
// webhooks to a receiver that runs what the webhook route runs (the route itself is tested in
// apps/web), into the producer of the running test. Not a test file: imported by *.int.test.ts.

export interface SimulatorHarness {
  sim: Simulator;
  /** The receiver's URL, for tests that point the simulator elsewhere and back. */
  callbackUrl: string;
  /** How long each ingest took, ms. */
  answers: number[];
  control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T>;
  calls(commentId: string, type?: string): Promise<{ type: string; ok: boolean }[]>;
  close(): Promise<void>;
}

/** `producer` is read per delivery: tests make a fresh one (own queue prefix) per test. */
export async function startSimulatorHarness(producer: () => Producer): Promise<SimulatorHarness> {
  const answers: number[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const started = Date.now();
      const signature = (req.headers["x-hub-signature-256"] as string | undefined) ?? null;
      ingestMetaWebhook({ rawBody: new Uint8Array(Buffer.concat(chunks)), signature }, { producer: producer() }).then(
        () => (answers.push(Date.now() - started), res.writeHead(200).end("{}")),
        (e: { status?: number }) => res.writeHead(e.status ?? 500).end("{}"),
      );
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const callbackUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/`;
  const sim = await createSimulator({ port: 0, callbackUrl, log: () => undefined });

  async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${sim.url}/_sim${path}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(res.status, `${method} /_sim${path}`).toBeLessThan(300);
    return (await res.json()) as T;
  }
  return {
    sim, callbackUrl, answers, control,
    calls: async (commentId, type) => (await control<{ data: { type: string; ok: boolean }[] }>("GET", `/calls?commentId=${commentId}${type ? `&type=${type}` : ""}`)).data,
    close: async () => {
      await sim.close();
      await new Promise((r) => receiver.close(r));
    },
  };
}
