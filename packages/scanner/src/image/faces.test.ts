// The face model's prebuilt bundle is required with Node's source-map support off (faces.ts says why);
// the process-wide setting must come back as it was, whether the require succeeds or throws.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { requireWithoutSourceMaps } from "./faces.js";

const dir = mkdtempSync(path.join(tmpdir(), "vetted-faces-"));
const was = process.sourceMapsEnabled;
afterEach(() => process.setSourceMapsEnabled(was));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("requireWithoutSourceMaps", () => {
  it("loads the module with source maps off and turns them back on", () => {
    const file = path.join(dir, "probe.cjs");
    writeFileSync(file, "module.exports = { mapsWhileLoading: process.sourceMapsEnabled };\n");
    process.setSourceMapsEnabled(true);
    expect(requireWithoutSourceMaps(file)).toEqual({ mapsWhileLoading: false });
    expect(process.sourceMapsEnabled).toBe(true);
  });

  it("turns them back on when the module throws", () => {
    const file = path.join(dir, "broken.cjs");
    writeFileSync(file, "throw new Error('broken bundle');\n");
    process.setSourceMapsEnabled(true);
    expect(() => requireWithoutSourceMaps(file)).toThrow("broken bundle");
    expect(process.sourceMapsEnabled).toBe(true);
  });

  it("leaves them off when they were off", () => {
    const file = path.join(dir, "plain.cjs");
    writeFileSync(file, "module.exports = 42;\n");
    process.setSourceMapsEnabled(false);
    expect(requireWithoutSourceMaps(file)).toBe(42);
    expect(process.sourceMapsEnabled).toBe(false);
  });
});
