import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REDACT_DEPTH, REDACTED_FIELDS, redactPaths } from "./redaction";

describe("redaction list", () => {
  it("names the plaintext of every encrypted column of the schema", () => {
    const schema = readFileSync(new URL("../../../prisma/schema.prisma", import.meta.url), "utf8");
    const plaintext = [...schema.matchAll(/^\s+(\w+)Cipher\s/gm)].map((m) => m[1]!);
    expect(plaintext.length).toBeGreaterThan(20);
    expect(plaintext.filter((name) => !(REDACTED_FIELDS as readonly string[]).includes(name))).toEqual([]);
  });

  it("covers the message and each field from the top level down to REDACT_DEPTH", () => {
    const paths = redactPaths(["text"]);
    expect(REDACT_DEPTH).toBe(2);
    expect(paths).toEqual(["msg", "text", "*.text", "*.*.text"]);
    expect(redactPaths()).toHaveLength(1 + REDACTED_FIELDS.length * (REDACT_DEPTH + 1));
  });
});
