import { describe, expect, it } from "vitest";
import { buildState } from "./web-build";

describe("buildState", () => {
  it("is missing without a BUILD_ID", () => {
    expect(buildState(null, [["apps/web/app/page.tsx", 1]])).toEqual({ state: "missing" });
  });

  it("is stale when any source changed after the build, naming it", () => {
    expect(buildState(1_000, [["a.ts", 900], ["packages/domain/src/x.ts", 1_001], ["b.ts", 5_000]])).toEqual({ state: "stale", newer: "packages/domain/src/x.ts" });
  });

  it("is fresh when every source is as old as the build or older", () => {
    expect(buildState(1_000, [["a.ts", 1_000], ["b.ts", 10]])).toEqual({ state: "fresh" });
    expect(buildState(1_000, [])).toEqual({ state: "fresh" });
  });
});
