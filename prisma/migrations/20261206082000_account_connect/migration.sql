-- Issue 12, connecting accounts: an admin connects a Facebook Page (and its linked Instagram
-- account) through Meta's OAuth flow, and may disconnect it again.

-- A disconnected account keeps its row (its comments and moderation history point at it) but not
-- its token: the envelope is cleared. Only an ACTIVE account must hold a token.
ALTER TABLE "ConnectedAccount" ALTER COLUMN "tokenCipher" DROP NOT NULL;
ALTER TABLE "ConnectedAccount" ADD COLUMN "disconnectedAt" TIMESTAMPTZ(3);
ALTER TABLE "ConnectedAccount" ADD CONSTRAINT "ConnectedAccount_active_has_token" CHECK ("status" <> 'ACTIVE' OR "tokenCipher" IS NOT NULL);

-- One OAuth round trip. `state` is 256 random bits sent to Meta and back; only its SHA-256 is stored.
-- It is single use (consumedAt, set atomically), bound to the org and the admin who started it, and
-- valid for 10 minutes. When the admin manages several Pages, the long-lived user token waits here,
-- encrypted (AAD "account-connect:<orgId>:<id>:token"), until they pick which Pages to connect; it is
-- cleared when they do (completedAt) and is never usable after pickExpiresAt.
CREATE TABLE "AccountConnectState" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "platform" "Channel" NOT NULL,
    "stateHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "consumedAt" TIMESTAMPTZ(3),
    "userTokenCipher" TEXT,
    "pickExpiresAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AccountConnectState_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "AccountConnectState_hash_format" CHECK ("stateHash" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "AccountConnectState_token_envelope" CHECK ("userTokenCipher" IS NULL OR "userTokenCipher" LIKE 'v1:%'),
    CONSTRAINT "AccountConnectState_completed_cleared" CHECK ("completedAt" IS NULL OR "userTokenCipher" IS NULL)
);
CREATE UNIQUE INDEX "AccountConnectState_stateHash_key" ON "AccountConnectState"("stateHash");
CREATE INDEX "AccountConnectState_orgId_userId_idx" ON "AccountConnectState"("orgId", "userId");
-- vetted_app gets the usual DML grants through the default privileges (audit_hardening).
