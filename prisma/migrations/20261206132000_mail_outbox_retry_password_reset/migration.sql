-- Outbox mail: sealed address and content, retry state. Existing rows keep their plaintext until the
-- worker's backfill (mail/backfill-outbox.ts) seals them: SQL cannot encrypt with the consent keys.
ALTER TABLE "OutboxMail" ALTER COLUMN "to" DROP NOT NULL,
  ALTER COLUMN "subject" DROP NOT NULL,
  ALTER COLUMN "text" DROP NOT NULL,
  ADD COLUMN "toIndex" TEXT,
  ADD COLUMN "toCipher" TEXT,
  ADD COLUMN "subjectCipher" TEXT,
  ADD COLUMN "textCipher" TEXT,
  ADD COLUMN "htmlCipher" TEXT,
  ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "deadAt" TIMESTAMP(3);

-- Rows a previous version already sent, or that failed once (that version never retried), are not re-sent:
-- a failed one becomes a dead letter an admin can retry.
UPDATE "OutboxMail" SET "deadAt" = CURRENT_TIMESTAMP WHERE "sentAt" IS NULL AND "error" IS NOT NULL;

DROP INDEX IF EXISTS "OutboxMail_to_createdAt_idx";
CREATE INDEX "OutboxMail_toIndex_createdAt_idx" ON "OutboxMail"("toIndex", "createdAt");
CREATE INDEX "OutboxMail_nextAttemptAt_idx" ON "OutboxMail"("nextAttemptAt");

CREATE TABLE "PasswordResetToken" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PasswordResetToken_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "PasswordResetToken_tokenHash_key" ON "PasswordResetToken"("tokenHash");
CREATE INDEX "PasswordResetToken_userId_idx" ON "PasswordResetToken"("userId");
ALTER TABLE "PasswordResetToken" ADD CONSTRAINT "PasswordResetToken_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
GRANT SELECT, INSERT, UPDATE, DELETE ON "PasswordResetToken" TO vetted_app;
