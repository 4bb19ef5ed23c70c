import { describe, expect, it } from "vitest";
import { outboxIdOf, outboxMessageId, senderDomain } from "./message-id";

const ID = "0f8e2c1a-3b4d-4e5f-8a9b-0c1d2e3f4a5b";

describe("outbox Message-ID", () => {
  it("is the row id at the sender's domain, the same for every send of the row", () => {
    expect(outboxMessageId(ID, "Vetted <no-reply@Mail.Vetted.example>")).toBe(`<${ID}@mail.vetted.example>`);
    expect(outboxMessageId(ID, "no-reply@clinic.example")).toBe(`<${ID}@clinic.example>`);
  });

  it("falls back to vetted.local when the From header has no domain", () => {
    expect(senderDomain("Vetted")).toBe("vetted.local");
    expect(senderDomain("")).toBe("vetted.local");
  });

  it("reads the row id back, and nothing from a Message-ID that is not one of ours", () => {
    expect(outboxIdOf(outboxMessageId(ID, "a@b.example"))).toBe(ID);
    expect(outboxIdOf(` <${ID.toUpperCase()}@b.example> `)).toBe(ID);
    expect(outboxIdOf("<1234.5678@mailer.example>")).toBeNull();
    expect(outboxIdOf(`${ID}`)).toBeNull();
  });
});
