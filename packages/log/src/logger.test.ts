import type { Logger as PinoLogger } from "pino";
import { describe, expect, it } from "vitest";
import { errorSummary, REDACTED } from "./redaction";
import { memoryLogger } from "./testing";

// Made-up PHI: every value below must be absent from what the logger writes.
const PATIENT = "Rosalind Quenby";
const PHI = [PATIENT, "rq@example.test", "555-0148", "MRN-0042917", "1961-03-09", "12 Larch Lane", "stage 3 melanoma"];
const leaked = (lines: string[]) => PHI.filter((value) => lines.join("").includes(value));

describe("logger: PHI-named fields are censored", () => {
  it("at the top level, one level down, two levels down and inside arrays", () => {
    const { log, lines, entries } = memoryLogger();
    log.info({
      event: "test.phi",
      postId: "post-1",
      name: PATIENT,
      text: `${PATIENT} has stage 3 melanoma`,
      patient: { email: "rq@example.test", phone: "555-0148", mrn: "MRN-0042917" },
      payload: { person: { dob: "1961-03-09", address: "12 Larch Lane" } },
      // An array element is one level: comments[0].message is two down.
      comments: [{ message: PATIENT }],
    });
    expect(leaked(lines)).toEqual([]);
    const [entry] = entries();
    expect(entry).toMatchObject({
      event: "test.phi",
      postId: "post-1",
      level: "info",
      name: REDACTED,
      text: REDACTED,
      patient: { email: REDACTED, phone: REDACTED, mrn: REDACTED },
      payload: { person: { dob: REDACTED, address: REDACTED } },
      comments: [{ message: REDACTED }],
    });
  });

  it("at any depth, and a cycle ends in a censored value instead of a hang", () => {
    const { log, lines, entries } = memoryLogger();
    const cyclic: Record<string, unknown> = { id: "node-1" };
    cyclic.self = cyclic;
    log.info({ event: "test.deep", a: { b: { c: { d: { e: { patientName: PATIENT, count: 2 } } } } }, cyclic });
    expect(leaked(lines)).toEqual([]);
    const [entry] = entries();
    expect(entry).toMatchObject({ a: { b: { c: { d: { e: { patientName: REDACTED, count: 2 } } } } }, cyclic: { id: "node-1", self: { id: "node-1" } } });
    expect(lines[0]).toContain(REDACTED);
  });

  it("leaves values with their own JSON form (dates, URLs) as they are", () => {
    const { log, entries } = memoryLogger();
    log.info({ event: "test.json", at: { when: new Date("2026-12-06T10:00:00Z"), where: new URL("https://vetted.example/orgs/a") } });
    expect(entries()[0]).toMatchObject({ at: { when: "2026-12-06T10:00:00.000Z", where: "https://vetted.example/orgs/a" } });
  });

  it("in a child logger's bindings too, while ids stay readable", () => {
    const { log, lines, entries } = memoryLogger();
    log.child({ requestId: "req-12345678", authorName: PATIENT }).warn({ event: "test.child", jobId: "job-1" });
    expect(leaked(lines)).toEqual([]);
    expect(entries()[0]).toMatchObject({ requestId: "req-12345678", authorName: REDACTED, jobId: "job-1", level: "warn" });
  });
});

describe("logger: errors are logged by class and code only", () => {
  const phiError = () => Object.assign(new Error(`duplicate key for ${PATIENT} (rq@example.test)`), { name: "PrismaClientKnownRequestError", code: "P2002" });

  it("under err or error: no message, no stack", () => {
    const { log, lines, entries } = memoryLogger();
    log.error({ event: "test.err", err: phiError() });
    log.error({ event: "test.error", error: new TypeError(`cannot read ${PATIENT}`) });
    expect(leaked(lines)).toEqual([]);
    expect(lines.join("")).not.toMatch(/at .*logger\.test\.ts/);
    expect(entries()).toEqual([
      expect.objectContaining({ event: "test.err", err: { type: "PrismaClientKnownRequestError", code: "P2002" } }),
      expect.objectContaining({ event: "test.error", error: { type: "TypeError" } }),
    ]);
  });

  it("nested anywhere else, as an Error or as a copy of its message and stack", () => {
    const { log, lines, entries } = memoryLogger();
    const copied = { message: phiError().message, stack: phiError().stack };
    log.warn({ event: "test.nested_error", context: { cause: phiError(), copied }, failures: [phiError()] });
    expect(leaked(lines)).toEqual([]);
    expect(entries()[0]).toMatchObject({
      context: { cause: { type: "PrismaClientKnownRequestError", code: "P2002" }, copied: { message: REDACTED, stack: REDACTED } },
      failures: [{ type: "PrismaClientKnownRequestError", code: "P2002" }],
    });
  });

  it("even through pino's own string and Error-first forms, which the Logger type does not offer", () => {
    const { log, lines } = memoryLogger();
    const raw = log as unknown as PinoLogger;
    raw.error(phiError());
    raw.info(`signed by ${PATIENT}`);
    expect(lines).toHaveLength(2);
    expect(leaked(lines)).toEqual([]);
  });

  it("summarizes anything thrown", () => {
    expect(errorSummary(new RangeError("x"))).toEqual({ type: "RangeError" });
    expect(errorSummary(Object.assign(new Error("x"), { code: 42 }))).toEqual({ type: "Error" });
    expect(errorSummary("a string")).toEqual({ type: "string" });
    expect(errorSummary(null)).toEqual({ type: "null" });
  });
});

describe("logger: level", () => {
  it("drops lines below the level, and silent drops all", () => {
    const warn = memoryLogger("warn");
    warn.log.info({ event: "below" });
    warn.log.warn({ event: "at" });
    expect(warn.entries().map((e) => e.event)).toEqual(["at"]);
    const silent = memoryLogger("silent");
    silent.log.fatal({ event: "nothing" });
    expect(silent.lines).toEqual([]);
  });

  it("writes one JSON line per event with an ISO time", () => {
    const { log, lines, entries } = memoryLogger();
    log.debug({ event: "one", count: 3 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith("\n")).toBe(true);
    expect(entries()[0]).toMatchObject({ event: "one", count: 3, level: "debug", time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
  });
});
