-- Issue 12, "events are hints": the reconciliation poll. For the first 7 days after a post is handed
-- off, its comments are listed from the platform every few minutes and whatever differs from the
-- stored comments goes through CommentEvent like a webhook delivery (CommentEvent.deliveryId is then
-- this row's id). One row per (hand-off, account); a worker claims due rows by moving nextPollAt
-- (FOR UPDATE SKIP LOCKED), so two workers never poll one post at once. Ids and times only: no PHI.
CREATE TABLE "CommentPoll" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "handoffId" UUID NOT NULL,
    "postExternalId" TEXT NOT NULL,
    "pollUntil" TIMESTAMPTZ(3) NOT NULL,
    "nextPollAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "cursor" TEXT,
    "lastPolledAt" TIMESTAMPTZ(3),
    "polls" INTEGER NOT NULL DEFAULT 0,
    "lastErrorCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentPoll_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CommentPoll_polls" CHECK ("polls" >= 0),
    CONSTRAINT "CommentPoll_error_code" CHECK ("lastErrorCode" IS NULL OR "lastErrorCode" ~ '^[A-Z0-9_]{1,64}$')
);
CREATE UNIQUE INDEX "CommentPoll_handoffId_accountId_key" ON "CommentPoll"("handoffId", "accountId");
CREATE INDEX "CommentPoll_nextPollAt_idx" ON "CommentPoll"("nextPollAt");
CREATE INDEX "CommentPoll_orgId_idx" ON "CommentPoll"("orgId");

-- Explicit, although the default privileges (audit_hardening) already grant it.
GRANT SELECT, INSERT, UPDATE, DELETE ON "CommentPoll" TO vetted_app;
