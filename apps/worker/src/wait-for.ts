// Test helper (only *.int.test.ts import this file).

/** Polls `probe` every 50 ms until it returns something truthy, or fails naming what it waited for. */
export async function waitFor<T>(probe: () => Promise<T | undefined | false | null>, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
