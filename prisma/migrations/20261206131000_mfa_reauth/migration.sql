-- Issue 15: TOTP MFA, recovery codes, re-authentication on the session row, org MFA policy.

ALTER TABLE "UserSession" ADD COLUMN "reauthAt" TIMESTAMP(3);

-- Existing orgs start with the policy off (their admins are not locked out by a deploy); new orgs get it on.
ALTER TABLE "Organization" ADD COLUMN "requireMfaForAdmins" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "Organization" ALTER COLUMN "requireMfaForAdmins" SET DEFAULT true;

CREATE TABLE "UserMfa" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "secretCipher" TEXT NOT NULL,
    "enabledAt" TIMESTAMP(3),
    "lastStep" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "UserMfa_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "UserMfa_userId_key" ON "UserMfa"("userId");
ALTER TABLE "UserMfa" ADD CONSTRAINT "UserMfa_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "MfaRecoveryCode" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MfaRecoveryCode_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "MfaRecoveryCode_userId_codeHash_key" ON "MfaRecoveryCode"("userId", "codeHash");
ALTER TABLE "MfaRecoveryCode" ADD CONSTRAINT "MfaRecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
