import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { mailIndex, maskAddress, openMail, sealMail } from "./mail-crypto";
import { mailBackoffMs } from "./send-mail";

const empty = { to: null, subject: null, text: null, html: null };

describe("mail envelopes", () => {
  it("round-trips a sealed mail, and an envelope moved to another row does not open", () => {
    const id = randomUUID();
    const sealed = sealMail(id, { to: "Pat@Example.org", subject: "S", text: "T" });
    expect(sealed.htmlCipher).toBeNull();
    expect(openMail({ ...empty, ...sealed })).toEqual({ to: "Pat@Example.org", subject: "S", text: "T", html: null });
    expect(() => openMail({ ...empty, ...sealed, id: randomUUID() })).toThrow(/integrity/);
  });

  it("reads a legacy plaintext row as it is", () => {
    const row = { id: randomUUID(), to: "a@b.org", subject: "S", text: "T", html: null, toCipher: null, subjectCipher: null, textCipher: null, htmlCipher: null };
    expect(openMail(row)).toEqual({ to: "a@b.org", subject: "S", text: "T", html: null });
  });

  it("indexes addresses case-insensitively and masks them to first letter and domain", () => {
    expect(mailIndex(" Pat@Example.org")).toBe(mailIndex("pat@example.org"));
    expect(mailIndex("pat@example.org")).not.toBe(mailIndex("pam@example.org"));
    expect(maskAddress("patricia@example.org")).toBe("p•••@example.org");
    expect(maskAddress("nonsense")).toBe("•••");
  });

  it("backs off 30 s, doubling, capped at 2 h", () => {
    expect([1, 2, 3, 4].map(mailBackoffMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(mailBackoffMs(20)).toBe(7_200_000);
  });
});
