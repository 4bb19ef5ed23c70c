import { db } from "@vetted/db";
import { z } from "zod";
import type { RequestMeta } from "../../context";
import { decryptField, encryptField } from "../../consents/crypto";
import { AppError } from "../../errors";
import { parseInput } from "../../validate";
import { auditUserEvent } from "../audit-user-event";
import { assertRecentReauth } from "../reauth";
import { mfaRequiredFor } from "./mfa-policy";
import { mfaSecretAad } from "./second-factor";
import { checkTotp, enrolmentQr, hashRecoveryCode, newRecoveryCodes, newTotpSecret } from "./totp";

export interface MfaStatus {
  enabled: boolean;
  required: boolean;
  recoveryCodesLeft: number;
}

export async function getMfaStatus(userId: string): Promise<MfaStatus> {
  const [mfa, required, recoveryCodesLeft] = await Promise.all([
    db().userMfa.findUnique({ where: { userId }, select: { enabledAt: true } }),
    mfaRequiredFor(userId),
    db().mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: Boolean(mfa?.enabledAt), required, recoveryCodesLeft };
}

/**
 * Starts (or restarts) enrolment: a fresh secret, stored encrypted and not yet enabled, shown once
 * as a QR code and as text for manual entry. Refused while MFA is on: disable it first.
 */
export async function startMfaEnrolment(userId: string): Promise<{ secret: string; uri: string; qrDataUrl: string }> {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, include: { mfa: true } });
  if (user.mfa?.enabledAt) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
  const secret = newTotpSecret();
  await db().$transaction(async (tx) => {
    await tx.userMfa.deleteMany({ where: { userId, enabledAt: null } });
    const row = await tx.userMfa.create({ data: { userId, secretCipher: "pending" } });
    // The AAD names the row, so the envelope is sealed once the id exists.
    await tx.userMfa.update({ where: { id: row.id }, data: { secretCipher: encryptField(secret, mfaSecretAad(row.id)) } });
  });
  return { secret, ...(await enrolmentQr(secret, user.email)) };
}

export const confirmMfaSchema = z.object({ code: z.string().trim().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app") });

/**
 * Finishes enrolment with a first code from the app: MFA is on, 10 recovery codes are made and
 * returned this once (only their hashes are kept), and the session counts as freshly authenticated.
 */
export async function confirmMfaEnrolment(userId: string, sessionId: string, input: unknown, request: RequestMeta, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const { code } = parseInput(confirmMfaSchema, input);
  const pending = await db().userMfa.findUnique({ where: { userId } });
  if (!pending || pending.enabledAt) throw new AppError("CONFLICT", pending ? "Two-factor sign-in is already on" : "Start enrolment first");
  const check = await checkTotp(decryptField(pending.secretCipher, mfaSecretAad(pending.id)), code, now);
  if (!check.valid) {
    await db().$transaction((tx) => auditUserEvent(tx, userId, "auth.mfa_failed", request, { during: "enrolment" }));
    throw new AppError("VALIDATION", "That code is not valid; check the time on your phone and try the next one", { code: ["Not valid"] });
  }
  const recoveryCodes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    const enabled = await tx.userMfa.updateMany({ where: { id: pending.id, enabledAt: null }, data: { enabledAt: now, lastStep: check.step } });
    if (enabled.count !== 1) throw new AppError("CONFLICT", "Two-factor sign-in is already on");
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await tx.mfaRecoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await tx.userSession.updateMany({ where: { id: sessionId, userId, endedAt: null }, data: { reauthAt: now } });
    await auditUserEvent(tx, userId, "auth.mfa_enrolled", request, { recoveryCodes: recoveryCodes.length });
  });
  return { recoveryCodes };
}

/**
 * Turns MFA off after a recent re-authentication; refused while an org of the user requires it
 * (they would be sent straight back to enrolment, without a factor in between).
 */
export async function disableMfa(userId: string, sessionId: string, request: RequestMeta): Promise<void> {
  await assertRecentReauth(sessionId);
  if (await mfaRequiredFor(userId)) throw new AppError("CONFLICT", "An organisation you belong to requires two-factor sign-in for your role");
  await db().$transaction(async (tx) => {
    const removed = await tx.userMfa.deleteMany({ where: { userId } });
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    if (removed.count > 0) await auditUserEvent(tx, userId, "auth.mfa_disabled", request, {});
  });
}

/**
 * A fresh set of 10 recovery codes after a recent re-authentication (the old set, used or not, stops
 * working): for a person who used some or fears the list was seen. Returned this once, kept hashed.
 */
export async function regenerateRecoveryCodes(userId: string, sessionId: string, request: RequestMeta): Promise<{ recoveryCodes: string[] }> {
  await assertRecentReauth(sessionId);
  const recoveryCodes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    const mfa = await tx.userMfa.findUnique({ where: { userId }, select: { enabledAt: true } });
    if (!mfa?.enabledAt) throw new AppError("CONFLICT", "Turn on two-factor sign-in first");
    const replaced = await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await tx.mfaRecoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
    await auditUserEvent(tx, userId, "auth.mfa_recovery_codes_regenerated", request, { replaced: replaced.count, recoveryCodes: recoveryCodes.length });
  });
  return { recoveryCodes };
}
