import { ANY_ORG, db, type Tx } from "@vetted/db";

/** The roles an org's "require MFA for admins and compliance officers" setting covers. */
export const MFA_POLICY_ROLES = ["ADMIN", "COMPLIANCE_OFFICER"] as const;

/**
 * Whether any org the user belongs to requires MFA of them: the strictest org wins, so one org with
 * the policy on covers the person everywhere (they have one sign-in, not one per org).
 */
export async function mfaRequiredFor(userId: string, tx: Tx = db()): Promise<boolean> {
  const covered = await tx.membership.findFirst({
    where: { userId, orgId: ANY_ORG, role: { in: [...MFA_POLICY_ROLES] }, org: { requireMfaForAdmins: true } },
    select: { id: true },
  });
  return covered !== null;
}

export async function mfaEnabledFor(userId: string, tx: Tx = db()): Promise<boolean> {
  const mfa = await tx.userMfa.findUnique({ where: { userId }, select: { enabledAt: true } });
  return Boolean(mfa?.enabledAt);
}

/** True when the user must enrol before anything else (required by an org, not enabled yet). */
export async function mfaEnrolmentDue(userId: string): Promise<boolean> {
  const [required, enabled] = await Promise.all([mfaRequiredFor(userId), mfaEnabledFor(userId)]);
  return required && !enabled;
}
