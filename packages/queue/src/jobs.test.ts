import { describe, expect, it } from "vitest";
import { commentEventSchema, healthPingSchema, isJobName, jobIdFor, JOBS, parseJobPayload, QUEUE_NAMES, scanRunSchema } from "./jobs.js";

describe("health ping payload", () => {
  it("accepts an ISO timestamp", () => {
    const requestedAt = new Date().toISOString();
    expect(healthPingSchema.parse({ requestedAt })).toEqual({ requestedAt });
  });

  it("accepts an ISO timestamp with an offset", () => {
    expect(healthPingSchema.safeParse({ requestedAt: "2026-01-02T03:04:05+02:00" }).success).toBe(true);
  });

  it.each([
    ["missing field", {}],
    ["not a date", { requestedAt: "yesterday" }],
    ["date only", { requestedAt: "2026-01-02" }],
    ["number", { requestedAt: 1700000000000 }],
    ["null payload", null],
  ])("rejects %s", (_label, data) => {
    expect(healthPingSchema.safeParse(data).success).toBe(false);
  });

  it("rejects extra fields, so free text cannot ride along into Redis", () => {
    const result = healthPingSchema.safeParse({ requestedAt: new Date().toISOString(), note: "patient John" });
    expect(result.success).toBe(false);
  });
});

describe("the request id a scan or a comment event carries (issue 15)", () => {
  const ids = { orgId: "5f0c4c1e-8d1a-4a52-9d36-1e1c2b7d9a10", other: "0b7e9f8a-3c2d-4e1f-a0b9-8c7d6e5f4a3b" };
  const requestId = "3d6f4b2a-9c1e-4f7d-8a5b-2e0c9d8f7a61";
  const jobs = [
    ["scan.run", scanRunSchema, { scanJobId: ids.other, orgId: ids.orgId }],
    ["comments.event", commentEventSchema, { orgId: ids.orgId, commentEventId: ids.other }],
  ] as const;

  it.each(jobs)("%s accepts a payload with a UUID request id, and one without", (_name, schema, base) => {
    expect(schema.parse({ ...base, requestId })).toEqual({ ...base, requestId });
    expect(schema.parse(base)).toEqual(base);
  });

  it.each(jobs)("%s refuses any other request id: a proxy's trace word, a UUID-shaped string of another variant, text", (_name, schema, base) => {
    // What the web proxy keeps from a caller (letters, digits, . _ -) is not enough for a payload.
    for (const bad of ["lb-trace-0011223344", "12345678-1234-1234-1234-123456789abc", `${requestId}x`, "Jane Doe", "", null, 42]) {
      expect(schema.safeParse({ ...base, requestId: bad }).success, String(bad)).toBe(false);
    }
  });

  it("names the field, never the refused value", () => {
    const result = parseJobPayload("comments", "event", { ...jobs[1][2], requestId: "patient Jane Doe" });
    expect(result).toEqual({ ok: false, issues: [expect.stringMatching(/^requestId: /)] });
    if (!result.ok) expect(result.issues.join(" ")).not.toContain("Jane");
  });
});

describe("parseJobPayload", () => {
  it("returns the typed payload", () => {
    const requestedAt = new Date().toISOString();
    expect(parseJobPayload("health", "ping", { requestedAt })).toEqual({ ok: true, payload: { requestedAt } });
  });

  it("reports issue paths and codes but never the offending value", () => {
    const secret = "Jane Doe MRN 12345";
    const result = parseJobPayload("health", "ping", { requestedAt: secret });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues).toEqual([expect.stringMatching(/^requestedAt: /)]);
    expect(result.issues.join(" ")).not.toContain("Jane");
  });
});

describe("job registry", () => {
  it("knows the health queue and its ping job", () => {
    expect(QUEUE_NAMES).toContain("health");
    expect(isJobName("health", "ping")).toBe(true);
    expect(isJobName("health", "toString")).toBe(false);
  });
});

describe("jobIdFor", () => {
  it("is deterministic for the same ids", () => {
    const id = "5f0c4c1e-8d1a-4a52-9d36-1e1c2b7d9a10";
    expect(jobIdFor("health", "ping", id)).toBe(jobIdFor("health", "ping", id));
    expect(jobIdFor("health", "ping", id)).toBe(`health-ping-${id}`);
  });

  it("never contains ':' (BullMQ refuses it) and is never a bare integer", () => {
    const id = jobIdFor("health", "ping", "123");
    expect(id).not.toContain(":");
    expect(`${Number.parseInt(id, 10)}`).not.toBe(id);
  });

  it.each([["jane@example.com"], ["John Smith"], ["a:b"], [""], ["x".repeat(65)]])("refuses non-id part %j", (part) => {
    expect(() => jobIdFor("health", "ping", part)).toThrow(/ids only/);
  });

  it("needs at least one id", () => {
    expect(() => jobIdFor("health", "ping")).toThrow(/at least one id/);
  });
});

describe("job payloads carry ids and timestamps only", () => {
  // Job data sits in Redis and is shown on the agency's queue dashboard (/agency/queues): a field
  // that could hold free text (a name, a comment) would put PHI there. Adding one fails here first.
  it("every field of every job's payload is a uuid or an ISO timestamp, and no other key is accepted", () => {
    for (const [queue, jobs] of Object.entries(JOBS)) {
      for (const [name, schema] of Object.entries(jobs)) {
        type Field = { _zod: { def: { format?: string; type: string; innerType?: Field } } };
        const { shape, catchall } = schema._zod.def as { shape: Record<string, Field>; catchall?: { _zod: { def: { type: string } } } };
        // strictObject: an unknown key is refused, not passed through into Redis.
        expect(catchall?._zod.def.type, `${queue}.${name}`).toBe("never");
        for (const [field, type] of Object.entries(shape)) {
          const inner = type._zod.def.type === "optional" ? type._zod.def.innerType! : type;
          expect(["uuid", "datetime"], `${queue}.${name}.${field}`).toContain(inner._zod.def.format);
        }
      }
    }
  });
});
