import { describe, expect, it } from "vitest";
import { closedLoopFloorMs, floorRows, pageRows, pageTable, referenceRows, type PageResult } from "./load";

const measuredPage: PageResult = { name: "review queue (/review)", path: "/review", requests: 1200, errors: 3, statuses: { "500": 3 }, p50: 41.26, p95: 151.04, p99: 220, max: 400, perSecond: 40 };
const missing: PageResult = { ...measuredPage, name: "agency overview (/overview)", path: "/overview", requests: 0, errors: 0, statuses: {}, missing: "page missing: /overview answered 404 on this build" };

describe("bench:pages rows", () => {
  it("judges p95 against 150 ms and errors against none; the other figures are reported only", () => {
    const rows = pageRows(measuredPage);
    expect(rows.map((r) => [r.measure, r.value, r.met])).toEqual([
      ["review queue (/review) p50", 41.3, null],
      ["review queue (/review) p95", 151, false],
      ["review queue (/review) p99", 220, null],
      ["review queue (/review) errors", 3, false],
      ["review queue (/review) throughput", 40, null],
    ]);
  });

  it("reports the web server's and PostgreSQL's CPU per page when they were measured", () => {
    const rows = pageRows({ ...measuredPage, cpuMsPerPage: 61.234, dbCpuMsPerPage: 12.345 });
    expect(rows.at(-2)).toMatchObject({ measure: "review queue (/review) web server CPU per page", value: 61.2, unit: "ms", met: null });
    expect(rows.at(-1)).toMatchObject({ measure: "review queue (/review) PostgreSQL CPU per page", value: 12.3, unit: "ms", met: null });
    expect(pageTable([{ ...measuredPage, cpuMsPerPage: 61.234, dbCpuMsPerPage: 12.345 }])).toMatch(/CPU ms\/page +DB CPU ms\/page[\s\S]*61\.2 +12\.3/);
  });

  it("makes a page the build lacks a failed row that says so, never a skipped one", () => {
    expect(pageRows(missing)).toEqual([{ measure: "agency overview (/overview) p95", value: null, unit: "ms", target: 150, comparator: "<=", met: false, note: missing.missing }]);
    expect(pageTable([measuredPage, missing])).toMatch(/500×3[\s\S]*MISSING: page missing/);
  });
});

describe("bench:pages reference and floor", () => {
  it("bounds a closed loop's mean time by users × CPU a page ÷ cores (Little's law)", () => {
    // 50 users, 20 ms of CPU a page, 2 cores: at most 100 pages/s, so each user waits 0.5 s on average.
    expect(closedLoopFloorMs(50, 20, 2)).toBe(500);
    expect(closedLoopFloorMs(1, 4, 4)).toBe(1);
  });

  it("gives each measured page its floor from web plus database CPU, and none to a page without CPU figures", () => {
    const rows = floorRows([{ ...measuredPage, cpuMsPerPage: 15, dbCpuMsPerPage: 5 }, missing, { ...measuredPage, name: "no cpu" }], 50, 2);
    expect(rows).toEqual([expect.objectContaining({ measure: "review queue (/review): least mean time 50 closed-loop users can get on 2 cores", value: 500, unit: "ms", met: null })]);
  });

  it("reports the reference page unjudged, or says why it was not measured", () => {
    const rows = referenceRows({ ...measuredPage, name: "sign-in page (/signin)", errors: 0, cpuMsPerPage: 3.64 });
    expect(rows.map((r) => [r.measure, r.value, r.met])).toEqual([
      ["reference: sign-in page (/signin) p95", 151, null],
      ["reference: sign-in page (/signin) errors", 0, null],
      ["reference: sign-in page (/signin) throughput", 40, null],
      ["reference: sign-in page (/signin) web server CPU per page", 3.6, null],
    ]);
    expect(referenceRows(missing)).toEqual([expect.objectContaining({ measure: `reference: ${missing.name}`, value: null, met: null, note: missing.missing })]);
  });
});
