import type { ImageScanner } from "@vetted/scanner/image";
import { describe, expect, it, vi } from "vitest";
import { lazyImageScanner } from "./image-scanner";

/** A scanner that only counts closes: these tests are about how many get created, not about scanning. */
function countingScanner(): ImageScanner & { closed: number } {
  const refuse = () => Promise.reject(new Error("not used here"));
  return { closed: 0, scan: refuse, readText: refuse, redact: refuse, async close() { this.closed++; } };
}

describe("the worker's image scanner", () => {
  it("is created once and then shared by every job, also by jobs that ask at the same time", async () => {
    const create = vi.fn(async () => countingScanner());
    const images = lazyImageScanner(create);
    const [a, b] = await Promise.all([images.get(), images.get()]);
    const later = await images.get();
    expect(create).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(later).toBe(a);
  });

  it("does not keep a failed start: the next job tries again", async () => {
    const scanner = countingScanner();
    const create = vi.fn<() => Promise<ImageScanner>>().mockRejectedValueOnce(new Error("out of memory")).mockResolvedValueOnce(scanner);
    const images = lazyImageScanner(create);
    await expect(images.get()).rejects.toThrow("out of memory");
    await expect(images.get()).resolves.toBe(scanner);
    expect(create).toHaveBeenCalledTimes(2);
  });

  it("closes the one it made, and makes a fresh one if asked again after closing", async () => {
    const made: ReturnType<typeof countingScanner>[] = [];
    const images = lazyImageScanner(async () => {
      made.push(countingScanner());
      return made.at(-1)!;
    });
    await images.close(); // nothing made yet: nothing to close
    const first = await images.get();
    await images.close();
    expect(made[0]!.closed).toBe(1);
    expect(await images.get()).not.toBe(first);
    expect(made).toHaveLength(2);
  });
});
