import { describe, expect, it } from "vitest";
import { acceptRequestId, requestIdFrom } from "./request-id";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("acceptRequestId", () => {
  it("keeps an incoming id that is plainly an id", () => {
    for (const id of ["3f1c2a9e-8d4b-4c1e-9f00-1a2b3c4d5e6f", "01HZX3K9M2ABCDEF", "trace.abc_123-XYZ", "a".repeat(128)]) expect(acceptRequestId(id)).toBe(id);
  });

  it("replaces a missing, short, long or non-id value with a new UUID", () => {
    for (const bad of [null, undefined, "", "short", "a".repeat(129), "has space in it", "line\nbreak-123", "<script>alert(1)</script>", "Jane Doe's chart"]) {
      expect(acceptRequestId(bad)).toMatch(UUID);
    }
    expect(acceptRequestId(null)).not.toBe(acceptRequestId(null));
  });
});

describe("requestIdFrom", () => {
  it("reads x-request-id, whatever its case, and checks it like acceptRequestId", () => {
    expect(requestIdFrom(new Headers({ "X-Request-Id": "req-0123456789" }))).toBe("req-0123456789");
    expect(requestIdFrom(new Headers({ "x-request-id": "bad id" }))).toMatch(UUID);
    expect(requestIdFrom(new Headers())).toMatch(UUID);
  });
});
