-- Issue 16, client approver links: someone at the client organization without a Vetted account decides a
-- post's policy step of mode CLIENT through a single-use emailed link (72 hours) and a mailed 6-digit code.

-- The client's people: names are no PHI; the address is kept as a consent-key envelope like the other
-- mail addresses, found through a keyed HMAC (one approver per address and org). Deactivated, never deleted:
-- their decisions refer to them.
CREATE TABLE "ClientApprover" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "emailCipher" TEXT NOT NULL,
    "emailIndex" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ClientApprover_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ClientApprover_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprover_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprover_name" CHECK (length(btrim("name")) BETWEEN 1 AND 200),
    CONSTRAINT "ClientApprover_email_index" CHECK ("emailIndex" ~ '^[0-9a-f]{64}$')
);
CREATE UNIQUE INDEX "ClientApprover_orgId_emailIndex_key" ON "ClientApprover"("orgId", "emailIndex");
CREATE UNIQUE INDEX "ClientApprover_id_orgId_key" ON "ClientApprover"("id", "orgId");
CREATE INDEX "ClientApprover_orgId_active_idx" ON "ClientApprover"("orgId", "active");

-- One link: the token, the code and the browser session are stored only as hashes. The decision uses the
-- link up (usedAt, decision and the Approval it wrote are set together); a client approver approves or asks
-- for changes, never rejects.
CREATE TABLE "ClientApprovalLink" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "step" INTEGER NOT NULL,
    "approverId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "sentById" UUID,
    "codeHash" TEXT,
    "codeSentAt" TIMESTAMPTZ(3),
    "codeExpiresAt" TIMESTAMPTZ(3),
    "codesSent" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lockedAt" TIMESTAMPTZ(3),
    "verifiedAt" TIMESTAMPTZ(3),
    "sessionHash" TEXT,
    "sessionExpiresAt" TIMESTAMPTZ(3),
    "usedAt" TIMESTAMPTZ(3),
    "decision" "Decision",
    "approvalId" UUID,
    "ip" TEXT,
    "userAgent" TEXT,
    "voidedAt" TIMESTAMPTZ(3),
    "voidReason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClientApprovalLink_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "ClientApprovalLink_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "PostRevision"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_approver_fkey" FOREIGN KEY ("approverId", "orgId") REFERENCES "ClientApprover"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE RESTRICT,
    CONSTRAINT "ClientApprovalLink_hashes" CHECK (
      "tokenHash" ~ '^[0-9a-f]{64}$' AND ("codeHash" IS NULL OR "codeHash" ~ '^[0-9a-f]{64}$') AND ("sessionHash" IS NULL OR "sessionHash" ~ '^[0-9a-f]{64}$')),
    CONSTRAINT "ClientApprovalLink_counts" CHECK ("revision" >= 1 AND "step" >= 0 AND "codesSent" BETWEEN 0 AND 5 AND "attempts" BETWEEN 0 AND 5),
    CONSTRAINT "ClientApprovalLink_expiry" CHECK ("expiresAt" > "createdAt"),
    CONSTRAINT "ClientApprovalLink_used" CHECK (
      ("usedAt" IS NULL) = ("decision" IS NULL) AND ("usedAt" IS NULL) = ("approvalId" IS NULL)
      AND ("decision" IS NULL OR "decision" IN ('APPROVE', 'REQUEST_CHANGES')))
);
CREATE UNIQUE INDEX "ClientApprovalLink_tokenHash_key" ON "ClientApprovalLink"("tokenHash");
CREATE INDEX "ClientApprovalLink_orgId_postId_idx" ON "ClientApprovalLink"("orgId", "postId");
CREATE INDEX "ClientApprovalLink_orgId_approverId_idx" ON "ClientApprovalLink"("orgId", "approverId");

-- A decision is a member's or a client approver's, never both or neither.
ALTER TABLE "Approval" ALTER COLUMN "approverId" DROP NOT NULL, ADD COLUMN "clientApproverId" UUID;
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_one_approver" CHECK (("approverId" IS NULL) <> ("clientApproverId" IS NULL));
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_clientApprover_fkey" FOREIGN KEY ("clientApproverId", "orgId") REFERENCES "ClientApprover"("id", "orgId") ON DELETE RESTRICT ON UPDATE RESTRICT;

GRANT SELECT, INSERT, UPDATE, DELETE ON "ClientApprover" TO vetted_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON "ClientApprovalLink" TO vetted_app;
