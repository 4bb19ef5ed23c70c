import { describe, expect, it } from "vitest";
import { checkTotp, enrolmentQr, hashRecoveryCode, newRecoveryCodes, newTotpSecret, totpAt } from "./totp";

const at = (iso: string) => new Date(iso);

describe("TOTP verification window", () => {
  const secret = newTotpSecret();
  const now = at("2026-12-06T12:00:15Z"); // 15 s into a step

  it("accepts the current step's code and reports its step", async () => {
    const result = await checkTotp(secret, await totpAt(secret, now), now);
    expect(result).toEqual({ valid: true, step: Math.floor(now.getTime() / 30_000) });
  });

  it("accepts the previous step's code (typed as it ran out) but not the one before", async () => {
    const previous = await totpAt(secret, new Date(now.getTime() - 30_000));
    const older = await totpAt(secret, new Date(now.getTime() - 60_000));
    expect((await checkTotp(secret, previous, now)).valid).toBe(true);
    expect((await checkTotp(secret, older, now)).valid).toBe(false);
  });

  it("refuses the next step's code: no allowance for a clock running ahead of ours", async () => {
    const next = await totpAt(secret, new Date(now.getTime() + 30_000));
    expect((await checkTotp(secret, next, now)).valid).toBe(false);
  });

  it("refuses a step at or before the last accepted one (replay)", async () => {
    const code = await totpAt(secret, now);
    const first = await checkTotp(secret, code, now);
    expect(first.valid).toBe(true);
    const step = first.valid ? first.step : 0;
    expect((await checkTotp(secret, code, now, step)).valid).toBe(false);
    expect((await checkTotp(secret, code, now, step - 1)).valid).toBe(true);
  });

  it("refuses malformed codes and another secret's code", async () => {
    expect((await checkTotp(secret, "12345", now)).valid).toBe(false);
    expect((await checkTotp(secret, "abcdef", now)).valid).toBe(false);
    expect((await checkTotp(newTotpSecret(), await totpAt(secret, now), now)).valid).toBe(false);
  });
});

describe("recovery codes and QR", () => {
  it("makes 10 distinct codes whose hash ignores case, spaces and dashes", () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[a-z0-9]{5}-[a-z0-9]{5}$/);
    expect(hashRecoveryCode(codes[0]!.toUpperCase().replace("-", " "))).toBe(hashRecoveryCode(codes[0]!));
  });

  it("renders the otpauth URI as an SVG data URL", async () => {
    const { uri, qrDataUrl } = await enrolmentQr("JBSWY3DPEHPK3PXP", "pat@example.org");
    expect(uri).toMatch(/^otpauth:\/\/totp\/Vetted:pat%40example\.org\?.*secret=JBSWY3DPEHPK3PXP/);
    expect(Buffer.from(qrDataUrl.replace(/^data:image\/svg\+xml;base64,/, ""), "base64").toString()).toMatch(/^<svg/);
  });
});
