import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { metaHandshakeChallenge, signMetaPayload, verifyMetaSignature } from "./meta-signature";

const SECRET = "unit-test-app-secret-7f3a";
const body = JSON.stringify({ object: "page", entry: [{ id: "42", time: 1_700_000_000, changes: [] }] });
const independentHex = (raw: string | Buffer, secret: string) => createHmac("sha256", secret).update(raw).digest("hex");

describe("verifyMetaSignature", () => {
  it("accepts the header Meta would send for the exact raw body, as string or bytes", () => {
    const header = `sha256=${independentHex(body, SECRET)}`;
    expect(signMetaPayload(body, SECRET)).toBe(header);
    expect(verifyMetaSignature(body, header, SECRET)).toBe(true);
    expect(verifyMetaSignature(new TextEncoder().encode(body), header, SECRET)).toBe(true);
    // A view into a larger buffer: only its own bytes are hashed.
    const padded = Buffer.concat([Buffer.from("xx"), Buffer.from(body), Buffer.from("yy")]);
    expect(verifyMetaSignature(new Uint8Array(padded.buffer, padded.byteOffset + 2, Buffer.byteLength(body)), header, SECRET)).toBe(true);
    expect(verifyMetaSignature(body, header.toUpperCase().replace("SHA256=", "sha256="), SECRET)).toBe(true);
  });

  it("rejects a body changed by one character, even when semantically the same JSON", () => {
    const header = signMetaPayload(body, SECRET);
    expect(verifyMetaSignature(body.replace("42", "43"), header, SECRET)).toBe(false);
    expect(verifyMetaSignature(JSON.stringify(JSON.parse(body), null, 1), header, SECRET)).toBe(false);
  });

  it("rejects another secret, missing, malformed and wrong-length headers without throwing", () => {
    const hex = independentHex(body, SECRET);
    expect(verifyMetaSignature(body, signMetaPayload(body, "another-secret"), SECRET)).toBe(false);
    for (const header of [null, undefined, "", hex, `sha1=${hex}`, `sha256=${hex.slice(2)}`, `sha256=${hex}00`, `sha256=${"z".repeat(64)}`, "sha256="]) {
      expect(verifyMetaSignature(body, header, SECRET)).toBe(false);
    }
    expect(verifyMetaSignature(body, `sha256=${hex}`, "")).toBe(false);
  });
});

describe("metaHandshakeChallenge", () => {
  const params = (o: Record<string, string>) => new URLSearchParams(o);

  it("echoes the challenge only for mode=subscribe and the right verify token", () => {
    expect(metaHandshakeChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok-1", "hub.challenge": "1158201444" }), "tok-1")).toBe("1158201444");
    expect(metaHandshakeChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok-2", "hub.challenge": "1158201444" }), "tok-1")).toBeNull();
    expect(metaHandshakeChallenge(params({ "hub.mode": "unsubscribe", "hub.verify_token": "tok-1", "hub.challenge": "1" }), "tok-1")).toBeNull();
    expect(metaHandshakeChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "tok-1" }), "tok-1")).toBeNull();
  });

  it("refuses to echo a challenge that is not a plain token", () => {
    expect(metaHandshakeChallenge(params({ "hub.mode": "subscribe", "hub.verify_token": "t", "hub.challenge": "<script>" }), "t")).toBeNull();
  });
});
