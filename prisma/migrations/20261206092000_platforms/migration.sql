-- Issue 12, the other platforms: Instagram (through Meta), LinkedIn Company Pages and X accounts.

-- LinkedIn has no hide: a comment the scanner calls `block` is escalated to the org's people, or, when
-- the org allows it, deleted at once (a snapshot is kept first, as for any delete). Off by default:
-- deleting someone's words is the stronger act, so the org opts in.
ALTER TABLE "Organization" ADD COLUMN "autoDeleteBlocking" BOOLEAN NOT NULL DEFAULT false;

-- X sends no free webhooks: the worker polls the replies under each of an X account's posts of the
-- last 7 days (search/recent with since_id). One row per (account, post); a worker claims due rows by
-- moving nextPollAt (FOR UPDATE SKIP LOCKED), so two workers never poll one conversation at once.
-- Ids and times only: no PHI.
CREATE TABLE "XConversationPoll" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "conversationId" TEXT NOT NULL,
    "postedAt" TIMESTAMPTZ(3) NOT NULL,
    "sinceId" TEXT,
    "nextPollAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastPolledAt" TIMESTAMPTZ(3),
    "lastErrorCode" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "XConversationPoll_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "XConversationPoll_ids" CHECK ("conversationId" ~ '^[0-9]{1,19}$' AND ("sinceId" IS NULL OR "sinceId" ~ '^[0-9]{1,19}$')),
    CONSTRAINT "XConversationPoll_error_code" CHECK ("lastErrorCode" IS NULL OR "lastErrorCode" ~ '^[A-Z0-9_]{1,64}$')
);
CREATE UNIQUE INDEX "XConversationPoll_accountId_conversationId_key" ON "XConversationPoll"("accountId", "conversationId");
CREATE INDEX "XConversationPoll_nextPollAt_idx" ON "XConversationPoll"("nextPollAt");
CREATE INDEX "XConversationPoll_orgId_idx" ON "XConversationPoll"("orgId");

-- Explicit, although the default privileges (audit_hardening) already grant it.
GRANT SELECT, INSERT, UPDATE, DELETE ON "XConversationPoll" TO vetted_app;
