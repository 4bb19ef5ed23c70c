import { db, type Tx } from "@vetted/db";
import type { RequestMeta } from "../../context";
import { decryptField } from "../../consents/crypto";
import { auditUserEvent } from "../audit-user-event";
import { checkTotp, hashRecoveryCode, looksLikeRecoveryCode } from "./totp";

/** The AAD binding a TOTP envelope to its UserMfa row (encrypted-columns.ts lists it for key rotation). */
export const mfaSecretAad = (mfaId: string) => `user-mfa:${mfaId}:secret`;

export type SecondFactor = "totp" | "recovery_code";

/**
 * Checks a TOTP code or a recovery code for a user with MFA enabled, and uses it up: the TOTP step
 * is remembered (no replay), a recovery code is marked used under a conditional update (two
 * parallel uses of one code: one wins). Returns what matched, or null. A used recovery code is
 * audited here; failures are audited by the caller, which knows the context (sign-in, re-auth).
 */
export async function useSecondFactor(tx: Tx, userId: string, code: string, request: RequestMeta, now = new Date()): Promise<SecondFactor | null> {
  const mfa = await tx.userMfa.findUnique({ where: { userId } });
  if (!mfa?.enabledAt) return null;
  const trimmed = code.replace(/\s/g, "");
  if (/^\d{6}$/.test(trimmed)) {
    const check = await checkTotp(decryptField(mfa.secretCipher, mfaSecretAad(mfa.id)), trimmed, now, mfa.lastStep);
    if (!check.valid) return null;
    const taken = await tx.userMfa.updateMany({
      where: { id: mfa.id, OR: [{ lastStep: null }, { lastStep: { lt: check.step } }] },
      data: { lastStep: check.step },
    });
    return taken.count === 1 ? "totp" : null;
  }
  if (!looksLikeRecoveryCode(trimmed)) return null;
  const used = await tx.mfaRecoveryCode.updateMany({ where: { userId, codeHash: hashRecoveryCode(trimmed), usedAt: null }, data: { usedAt: now } });
  if (used.count !== 1) return null;
  const left = await tx.mfaRecoveryCode.count({ where: { userId, usedAt: null } });
  await auditUserEvent(tx, userId, "auth.mfa_recovery_code_used", request, { remaining: left });
  return "recovery_code";
}

/** useSecondFactor in its own transaction. */
export const useSecondFactorNow = (userId: string, code: string, request: RequestMeta, now = new Date()) =>
  db().$transaction((tx) => useSecondFactor(tx, userId, code, request, now));
