import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ENCRYPTED_COLUMNS, ENCRYPTED_JSON_COLUMNS } from "./encrypted-columns";

// The key-rotation sweep re-encrypts what encrypted-columns.ts lists (and reencrypt-consent-data.ts the
// consent register): a `…Cipher` column added to the schema without a line there would stay under a
// rotated-out key, and become unreadable once that key is removed.
const CONSENT_REGISTER = new Set(["Consent", "ConsentRequest", "MediaPerson"]);

function cipherColumns(schema: string): string[] {
  const out: string[] = [];
  for (const [, model, body] of schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const [, column] of body!.matchAll(/^\s+(\w+Cipher)\s+String/gm)) out.push(`${model}.${column}`);
  }
  return out;
}

describe("the encrypted columns the key rotation covers", () => {
  it("lists every …Cipher column of the schema outside the consent register, each once", () => {
    const schema = readFileSync(new URL("../../../../prisma/schema.prisma", import.meta.url), "utf8");
    const inSchema = cipherColumns(schema).filter((c) => !CONSENT_REGISTER.has(c.split(".")[0]!));
    const listed = ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`);
    expect(inSchema.length).toBeGreaterThan(15);
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...inSchema].sort());
    // The incident notes live inside the assessment JSON: listed on their own.
    expect(ENCRYPTED_JSON_COLUMNS.map((c) => `${c.table}.${c.column}.${c.field}`)).toEqual(["Incident.assessment.notesCipher"]);
  });

  it("binds each envelope to its row: org, table, row id and field in the AAD", () => {
    const row = { id: "11111111-1111-1111-1111-111111111111", orgId: "22222222-2222-2222-2222-222222222222" };
    for (const c of ENCRYPTED_COLUMNS) {
      const aad = c.aad(row);
      expect(aad).toContain(row.id);
      // A delivery may carry several orgs' pages; outbox mail and a person's TOTP secret belong to no org.
      if (c.table !== "WebhookDelivery" && !c.orgless) expect(aad).toContain(row.orgId);
    }
    const aads = ENCRYPTED_COLUMNS.map((c) => c.aad(row));
    expect(new Set(aads).size).toBe(aads.length);
    expect(() => ENCRYPTED_COLUMNS.find((c) => c.table === "SocialComment")!.aad({ id: row.id, orgId: null })).toThrow(/without an org/);
  });
});
