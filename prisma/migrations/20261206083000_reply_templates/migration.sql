-- Issue 12 (comment moderation), the inbox and replies: per-org reply templates, assignment of a
-- comment to a member, and a compliance officer's written override of a refused public reply.

-- "We can't discuss anyone's care here; please call …": the org's canned replies. Template bodies are
-- written by the org for everyone to read, not PHI: stored in plain text.
CREATE TABLE "ReplyTemplate" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "updatedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReplyTemplate_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ReplyTemplate_name_length" CHECK (char_length("name") BETWEEN 1 AND 80),
    CONSTRAINT "ReplyTemplate_body_length" CHECK (char_length("body") BETWEEN 1 AND 2000)
);
CREATE UNIQUE INDEX "ReplyTemplate_orgId_name_key" ON "ReplyTemplate"("orgId", "name");

-- The member a comment is assigned to (the inbox's "assigned to me"); null = nobody.
ALTER TABLE "SocialComment" ADD COLUMN "assignedToId" UUID;
CREATE INDEX "SocialComment_orgId_assignedToId_idx" ON "SocialComment"("orgId", "assignedToId");

-- A public reply the scanner refused, sent anyway on a compliance officer's written reason: the
-- reason may quote the comment, so it is an envelope (AAD "moderation-action:<orgId>:<id>:override").
ALTER TABLE "ModerationAction" ADD COLUMN "overrideReasonCipher" TEXT;
ALTER TABLE "ModerationAction" ADD CONSTRAINT "ModerationAction_override_public_reply"
  CHECK ("overrideReasonCipher" IS NULL OR ("kind" = 'PUBLIC_REPLY' AND "overrideReasonCipher" LIKE 'v1:%'));

-- Explicit, although the default privileges (audit_hardening) already grant it: the app role reads
-- and writes templates (deleting one is allowed and audited).
GRANT SELECT, INSERT, UPDATE, DELETE ON "ReplyTemplate" TO vetted_app;
