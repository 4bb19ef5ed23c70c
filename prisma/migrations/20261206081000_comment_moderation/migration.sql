-- Issue 12 (comment & group monitoring), the foundation: connected social accounts, signed webhook
-- deliveries, one event per change (deduplicated), the comments themselves, the moderation outbox
-- and the snapshots kept before a hide or delete. Comment text, author names, reply texts, tokens and
-- raw deliveries are PHI or secrets: stored only as consent-key envelopes (v1:<keyId>:<iv>:<tag>:<ct>,
-- packages/domain/src/consents/crypto.ts) bound by their AAD to org, table, row and field.

-- Per org: hide a comment the scanner calls `block` at once (default on), and how long the snapshot
-- of a hidden or deleted comment is kept (six years, as HIPAA documentation, by default).
ALTER TABLE "Organization" ADD COLUMN "autoHideBlocking" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Organization" ADD COLUMN "commentRetentionDays" INTEGER NOT NULL DEFAULT 2190;
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_commentRetentionDays_range" CHECK ("commentRetentionDays" BETWEEN 1 AND 36500);

CREATE TYPE "ConnectedAccountStatus" AS ENUM ('ACTIVE', 'EXPIRED', 'REVOKED', 'ERROR');
CREATE TYPE "SocialCommentStatus" AS ENUM ('NEW', 'HIDDEN_PENDING_REVIEW', 'NEEDS_REPLY', 'RESOLVED', 'ESCALATED');
CREATE TYPE "ModerationActionKind" AS ENUM ('HIDE', 'UNHIDE', 'DELETE', 'PRIVATE_REPLY', 'PUBLIC_REPLY');
CREATE TYPE "ModerationActionStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- A Page / professional account / company page an org connected. (platform, externalId) is unique
-- across orgs, so a webhook entry routes to exactly one org.
CREATE TABLE "ConnectedAccount" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "platform" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenCipher" TEXT NOT NULL,
    "tokenExpiresAt" TIMESTAMPTZ(3),
    "scopes" TEXT[],
    "status" "ConnectedAccountStatus" NOT NULL DEFAULT 'ACTIVE',
    "lastErrorCode" TEXT,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ConnectedAccount_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ConnectedAccount_externalId_format" CHECK ("externalId" ~ '^[A-Za-z0-9_.:-]{1,128}$'),
    CONSTRAINT "ConnectedAccount_token_envelope" CHECK ("tokenCipher" LIKE 'v1:%')
);
CREATE UNIQUE INDEX "ConnectedAccount_platform_externalId_key" ON "ConnectedAccount"("platform", "externalId");
CREATE INDEX "ConnectedAccount_orgId_idx" ON "ConnectedAccount"("orgId");

-- One signed delivery as received (the raw body encrypted, AAD "webhook-delivery:<id>:body", since one
-- delivery can carry several orgs' pages). orgId is set when every routed change belonged to one org.
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "orgId" UUID,
    "platform" "Channel" NOT NULL,
    "bodyCipher" TEXT NOT NULL,
    "bodySha256" TEXT NOT NULL,
    "bodyBytes" INTEGER NOT NULL,
    "changeCount" INTEGER NOT NULL,
    "routedCount" INTEGER NOT NULL,
    "skippedCount" INTEGER NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "WebhookDelivery_sha256_format" CHECK ("bodySha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "WebhookDelivery_body_envelope" CHECK ("bodyCipher" LIKE 'v1:%'),
    CONSTRAINT "WebhookDelivery_counts" CHECK ("routedCount" >= 0 AND "skippedCount" >= 0 AND "routedCount" + "skippedCount" <= "changeCount")
);
CREATE INDEX "WebhookDelivery_orgId_receivedAt_idx" ON "WebhookDelivery"("orgId", "receivedAt");
CREATE INDEX "WebhookDelivery_receivedAt_idx" ON "WebhookDelivery"("receivedAt");

-- One change of one comment, routed to its account's org. dedupeKey = sha256 of (platform, account
-- external id, object id, verb, event time): a duplicate delivery inserts nothing and enqueues nothing.
-- The row is its own outbox: enqueuedAt is set once BullMQ has the job (jobId from the dedupe key).
CREATE TABLE "CommentEvent" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "deliveryId" UUID NOT NULL,
    "platform" "Channel" NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "objectId" TEXT NOT NULL,
    "parentId" TEXT,
    "postExternalId" TEXT,
    "verb" TEXT NOT NULL,
    "eventAt" TIMESTAMPTZ(3) NOT NULL,
    "textCipher" TEXT,
    "authorNameCipher" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMPTZ(3),
    "processedAt" TIMESTAMPTZ(3),

    CONSTRAINT "CommentEvent_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CommentEvent_verb" CHECK ("verb" IN ('add', 'edited', 'remove', 'hide', 'unhide')),
    CONSTRAINT "CommentEvent_dedupeKey_format" CHECK ("dedupeKey" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "CommentEvent_dedupeKey_key" ON "CommentEvent"("dedupeKey");
CREATE INDEX "CommentEvent_orgId_objectId_idx" ON "CommentEvent"("orgId", "objectId");
CREATE INDEX "CommentEvent_pending_idx" ON "CommentEvent"("createdAt") WHERE "enqueuedAt" IS NULL;
CREATE INDEX "CommentEvent_unprocessed_idx" ON "CommentEvent"("enqueuedAt") WHERE "processedAt" IS NULL;

-- A comment (or a reply in a thread) under one of the org's posts, as last seen. lastEventAt is the
-- platform time of the text held: an older edit arriving late is ignored; visibilityEventAt orders
-- hide/unhide the same way. findings hold types and offsets only, never the text.
CREATE TABLE "SocialComment" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "platform" "Channel" NOT NULL,
    "externalId" TEXT NOT NULL,
    "postExternalId" TEXT,
    "postId" UUID,
    "parentExternalId" TEXT,
    "authorNameCipher" TEXT,
    "textCipher" TEXT,
    "textSha256" TEXT,
    "lastEventAt" TIMESTAMPTZ(3) NOT NULL,
    "visibilityEventAt" TIMESTAMPTZ(3),
    "verdict" TEXT,
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "findings" JSONB NOT NULL DEFAULT '[]',
    "scannedAt" TIMESTAMPTZ(3),
    "status" "SocialCommentStatus" NOT NULL DEFAULT 'NEW',
    "hiddenAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),
    "privateRepliedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SocialComment_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "SocialComment_verdict" CHECK ("verdict" IS NULL OR "verdict" IN ('block', 'review', 'allow')),
    CONSTRAINT "SocialComment_sha256_format" CHECK ("textSha256" IS NULL OR "textSha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "SocialComment_findings_array" CHECK (jsonb_typeof("findings") = 'array')
);
CREATE UNIQUE INDEX "SocialComment_accountId_externalId_key" ON "SocialComment"("accountId", "externalId");
CREATE INDEX "SocialComment_orgId_status_createdAt_idx" ON "SocialComment"("orgId", "status", "createdAt");
CREATE INDEX "SocialComment_orgId_postId_idx" ON "SocialComment"("orgId", "postId");

-- The outbox of what is sent to the platform. requestedById NULL = automatic (the auto-hide).
-- nextAttemptAt schedules retries (transient errors, rate limits) and leases a claimed row.
CREATE TABLE "ModerationAction" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "commentId" UUID NOT NULL,
    "accountId" UUID NOT NULL,
    "kind" "ModerationActionKind" NOT NULL,
    "status" "ModerationActionStatus" NOT NULL DEFAULT 'PENDING',
    "textCipher" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastErrorCode" TEXT,
    "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requestedById" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),
    "failedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ModerationAction_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ModerationAction_reply_text" CHECK (("kind" IN ('PRIVATE_REPLY', 'PUBLIC_REPLY')) = ("textCipher" IS NOT NULL)),
    CONSTRAINT "ModerationAction_outcome" CHECK (("status" = 'SENT') = ("sentAt" IS NOT NULL) AND ("status" = 'FAILED') = ("failedAt" IS NOT NULL)),
    CONSTRAINT "ModerationAction_error_code" CHECK ("lastErrorCode" IS NULL OR "lastErrorCode" ~ '^[A-Z0-9_]{1,64}$')
);
CREATE INDEX "ModerationAction_orgId_commentId_idx" ON "ModerationAction"("orgId", "commentId");
CREATE INDEX "ModerationAction_due_idx" ON "ModerationAction"("nextAttemptAt") WHERE "status" = 'PENDING';
-- A private reply is sent at most once per comment, whatever became of an earlier one; and a comment
-- never has two pending actions of one kind (two hides racing from two events).
CREATE UNIQUE INDEX "ModerationAction_one_private_reply_key" ON "ModerationAction"("commentId") WHERE "kind" = 'PRIVATE_REPLY';
CREATE UNIQUE INDEX "ModerationAction_one_pending_per_kind_key" ON "ModerationAction"("commentId", "kind") WHERE "status" = 'PENDING';

-- The comment as it was, taken before any hide or delete, kept until retainUntil (org setting).
CREATE TABLE "CommentSnapshot" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "commentId" UUID NOT NULL,
    "actionId" UUID,
    "textCipher" TEXT NOT NULL,
    "authorNameCipher" TEXT,
    "textSha256" TEXT NOT NULL,
    "takenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retainUntil" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "CommentSnapshot_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "CommentSnapshot_sha256_format" CHECK ("textSha256" ~ '^[0-9a-f]{64}$'),
    CONSTRAINT "CommentSnapshot_retention" CHECK ("retainUntil" > "takenAt")
);
CREATE INDEX "CommentSnapshot_orgId_commentId_idx" ON "CommentSnapshot"("orgId", "commentId");
CREATE INDEX "CommentSnapshot_retainUntil_idx" ON "CommentSnapshot"("retainUntil");

-- Append-only: what the platform sent and what we kept before hiding are evidence. The app role may
-- read and append (vetted_app_append_only, audit_hardening); the triggers stop the owner too.
CREATE FUNCTION moderation_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER webhook_delivery_append_only BEFORE UPDATE OR DELETE ON "WebhookDelivery"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER webhook_delivery_no_truncate BEFORE TRUNCATE ON "WebhookDelivery"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER comment_snapshot_append_only BEFORE UPDATE OR DELETE ON "CommentSnapshot"
  FOR EACH ROW EXECUTE FUNCTION moderation_append_only();
CREATE TRIGGER comment_snapshot_no_truncate BEFORE TRUNCATE ON "CommentSnapshot"
  FOR EACH STATEMENT EXECUTE FUNCTION moderation_append_only();
SELECT vetted_app_append_only('"WebhookDelivery"');
SELECT vetted_app_append_only('"CommentSnapshot"');

-- CommentEvent is append-only too, except for its outbox marks: enqueuedAt and processedAt are set
-- (processedAt once; enqueuedAt is refreshed by the sweeper when it re-adds a lost job, never cleared).
-- The app gets UPDATE on those two columns only.
CREATE FUNCTION comment_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND (to_jsonb(NEW) - 'enqueuedAt' - 'processedAt') = (to_jsonb(OLD) - 'enqueuedAt' - 'processedAt')
     AND (OLD."processedAt" IS NULL OR NEW."processedAt" IS NOT DISTINCT FROM OLD."processedAt")
     AND (OLD."enqueuedAt" IS NULL OR NEW."enqueuedAt" IS NOT NULL) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'CommentEvent is append-only: % is not allowed (only enqueuedAt and processedAt may be set)', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER comment_event_append_only BEFORE UPDATE OR DELETE ON "CommentEvent"
  FOR EACH ROW EXECUTE FUNCTION comment_event_append_only();
CREATE TRIGGER comment_event_no_truncate BEFORE TRUNCATE ON "CommentEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION comment_event_append_only();
SELECT vetted_app_append_only('"CommentEvent"');
GRANT UPDATE ("enqueuedAt", "processedAt") ON "CommentEvent" TO vetted_app;

-- ConnectedAccount, SocialComment and ModerationAction get the usual DML grants through the default
-- privileges (audit_hardening).
