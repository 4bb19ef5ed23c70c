import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REDACTED_FIELDS, redactPaths } from "./redaction";

describe("redaction list", () => {
  it("names the plaintext of every encrypted column of the schema", () => {
    const schema = readFileSync(new URL("../../../prisma/schema.prisma", import.meta.url), "utf8");
    const plaintext = [...schema.matchAll(/^\s+(\w+)Cipher\s/gm)].map((m) => m[1]!);
    expect(plaintext.length).toBeGreaterThan(20);
    expect(plaintext.filter((name) => !(REDACTED_FIELDS as readonly string[]).includes(name))).toEqual([]);
  });

  it("hands pino the message and each name at the top level, as exact paths", () => {
    expect(redactPaths(["text", "email"])).toEqual(["msg", "text", "email"]);
    expect(redactPaths().every((path) => /^[A-Za-z]+$/.test(path))).toBe(true);
  });
});
