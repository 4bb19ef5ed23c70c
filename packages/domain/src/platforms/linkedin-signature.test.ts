import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { linkedInChallengeAnswer, signLinkedInPayload, verifyLinkedInSignature } from "./linkedin-signature";

const SECRET = "unit-linkedin-client-secret";
const BODY = '{"type":"ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS","notifications":[]}';

describe("LinkedIn webhook signature", () => {
  it("is the hex HMAC-SHA256 of 'hmacsha256=' + the raw body under the client secret", () => {
    const expected = createHmac("sha256", SECRET).update(`hmacsha256=${BODY}`).digest("hex");
    expect(signLinkedInPayload(BODY, SECRET)).toBe(expected);
    expect(signLinkedInPayload(new Uint8Array(Buffer.from(BODY)), SECRET)).toBe(expected);
  });

  it("accepts the right signature, with or without the label, in any case", () => {
    const sig = signLinkedInPayload(BODY, SECRET);
    expect(verifyLinkedInSignature(BODY, sig, SECRET)).toBe(true);
    expect(verifyLinkedInSignature(BODY, `hmacsha256=${sig}`, SECRET)).toBe(true);
    expect(verifyLinkedInSignature(BODY, ` ${sig.toUpperCase()} `, SECRET)).toBe(true);
  });

  it("refuses a changed body, another secret, a malformed or missing header, and no secret", () => {
    const sig = signLinkedInPayload(BODY, SECRET);
    expect(verifyLinkedInSignature(`${BODY} `, sig, SECRET)).toBe(false);
    expect(verifyLinkedInSignature(BODY, sig, "another-client-secret-value")).toBe(false);
    // The HMAC of the bare body (no label) is not LinkedIn's signature.
    expect(verifyLinkedInSignature(BODY, createHmac("sha256", SECRET).update(BODY).digest("hex"), SECRET)).toBe(false);
    for (const header of [null, undefined, "", "sha256=" + sig, sig.slice(1), "z".repeat(64)]) expect(verifyLinkedInSignature(BODY, header, SECRET)).toBe(false);
    expect(verifyLinkedInSignature(BODY, sig, null)).toBe(false);
  });
});

describe("LinkedIn challenge", () => {
  it("answers the code with its HMAC under the client secret", () => {
    const code = "890e4d1a-2f3b-4c5d-8e9f-0a1b2c3d4e5f";
    expect(linkedInChallengeAnswer(code, SECRET)).toEqual({ challengeCode: code, challengeResponse: createHmac("sha256", SECRET).update(code).digest("hex") });
  });

  it("refuses a missing or odd code, and answers nothing without a secret", () => {
    for (const code of [null, "", "<script>", "a".repeat(129)]) expect(linkedInChallengeAnswer(code, SECRET)).toBeNull();
    expect(linkedInChallengeAnswer("890e4d1a", null)).toBeNull();
  });
});
