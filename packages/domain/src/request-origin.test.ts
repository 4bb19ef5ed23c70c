import { randomUUID } from "node:crypto";
import { commentEventSchema, scanRunSchema } from "@vetted/queue";
import { describe, expect, it } from "vitest";
import { webRequestId } from "./request-origin";

const ORG = "5f0c4c1e-8d1a-4a52-9d36-1e1c2b7d9a10";
const ROW = "0b7e9f8a-3c2d-4e1f-a0b9-8c7d6e5f4a3b";

// Ids the web proxy keeps from a caller (REQUEST_ID_PATTERN: 8-128 of letters, digits, . _ -) that
// are not UUIDs, a UUID-shaped string of no RFC variant, and what the web makes itself.
const candidates = [
  randomUUID(),
  randomUUID().toUpperCase(),
  "lb-trace-0011223344",
  "01J9ZK3X5Q7M2N8P4R6T0V2W4Y",
  "12345678-1234-1234-1234-123456789abc",
  "3d6f4b2a-9c1e-4f7d-8a5b-2e0c9d8f7a6",
  `${randomUUID()}.1`,
];

describe("webRequestId", () => {
  it("keeps the UUID the web made", () => {
    const id = randomUUID();
    expect(webRequestId({ requestId: id })).toBe(id);
  });

  it("drops an id the web did not make, and a missing one", () => {
    expect(webRequestId({ requestId: "lb-trace-0011223344" })).toBeNull();
    expect(webRequestId({ requestId: null })).toBeNull();
    expect(webRequestId({})).toBeNull();
    expect(webRequestId(null)).toBeNull();
    expect(webRequestId(undefined)).toBeNull();
  });

  // An id stored on an outbox row that its job's payload schema then refused would fail every add of
  // that row, and the sweepers stop at the first failed add: it must be kept off the row instead.
  it.each(candidates)("keeps %s exactly when the job payloads accept it", (requestId) => {
    const accepted = scanRunSchema.safeParse({ scanJobId: ROW, orgId: ORG, requestId }).success;
    expect(commentEventSchema.safeParse({ orgId: ORG, commentEventId: ROW, requestId }).success).toBe(accepted);
    expect(webRequestId({ requestId })).toBe(accepted ? requestId : null);
  });

  it("the UUID-shaped id of no RFC variant is one of those refused", () => {
    expect(webRequestId({ requestId: "12345678-1234-1234-1234-123456789abc" })).toBeNull();
  });
});
