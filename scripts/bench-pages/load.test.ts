import { describe, expect, it } from "vitest";
import { pageRows, pageTable, type PageResult } from "./load";

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
