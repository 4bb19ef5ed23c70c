import { consentEnv, EnvError, type ConsentKeys } from "@vetted/config";
import { ANY_ORG, db } from "@vetted/db";
import { ConsentCryptoError } from "./crypto";

/**
 * Start-up check of the consent keys against the data: the env must parse (production refuses the
 * public development keys and malformed ones), and every key id that consents are stored under
 * must be configured, or those consents could not be read. `rowsUnderOldKeys` is what the
 * re-encryption pass still has to do. Messages name key ids, never key material.
 */
export async function checkConsentKeys(keys: ConsentKeys = consentEnv()): Promise<{ activeKeyId: string; insecureDevKeys: boolean; keyIdsInUse: string[]; rowsUnderOldKeys: number }> {
  const inUse = await db().consent.groupBy({ by: ["keyId"], where: { orgId: ANY_ORG }, _count: { _all: true } });
  const missing = inUse.map((g) => g.keyId).filter((id) => !keys.keys.has(id));
  if (missing.length) {
    throw new ConsentCryptoError(`Consents are stored under key id(s) ${missing.map((m) => `"${m}"`).join(", ")} that CONSENT_KEYS does not list: add them back before starting`);
  }
  return {
    activeKeyId: keys.activeKeyId,
    insecureDevKeys: keys.insecureDevKeys,
    keyIdsInUse: inUse.map((g) => g.keyId).sort(),
    rowsUnderOldKeys: inUse.filter((g) => g.keyId !== keys.activeKeyId).reduce((n, g) => n + g._count._all, 0),
  };
}

/**
 * Whether a failed check is about the keys themselves (fatal for a production start) rather than,
 * say, a database that is not up yet (the check is then skipped and the first read will tell).
 */
export const isConsentKeyProblem = (error: unknown) => error instanceof EnvError || error instanceof ConsentCryptoError;
