import { db } from "@vetted/db";
import { consentAad } from "../../../packages/domain/src/consents/consent-records";
import { encryptField } from "../../../packages/domain/src/consents/crypto";
import type { Fixture } from "./route-table";

/**
 * The matrix fixture's consent holds placeholder ciphertexts, so another org can never get as far as
 * decrypting it. Tests acting as a member of org A, who does decrypt it, give it real ones.
 */
export async function encryptFixtureConsent(f: Fixture): Promise<void> {
  const enc = (field: Parameters<typeof consentAad>[2], v: string) => encryptField(v, consentAad(f.a.org.id, f.consentId, field));
  await db().consent.update({
    where: { id: f.consentId, orgId: f.a.org.id },
    data: { subjectNameCipher: enc("subjectName", "Pat Doe"), descriptionCipher: enc("description", "Photos"), signerNameCipher: enc("signerName", "Pat Doe") },
  });
}
