-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('FACEBOOK', 'INSTAGRAM', 'X', 'LINKEDIN', 'TIKTOK', 'PRIVATE_GROUP');

-- CreateEnum
CREATE TYPE "PostState" AS ENUM ('DRAFT', 'SCANNING', 'SCAN_FAILED', 'IN_REVIEW', 'CHANGES_REQUESTED', 'APPROVED', 'REJECTED', 'SCHEDULED', 'PUBLISHED', 'EXPIRED');

-- CreateEnum
CREATE TYPE "ScanStatus" AS ENUM ('PENDING', 'ENQUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'SUPERSEDED');

-- CreateEnum
CREATE TYPE "Decision" AS ENUM ('APPROVE', 'REQUEST_CHANGES', 'REJECT');

-- CreateTable
CREATE TABLE "Post" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "state" "PostState" NOT NULL DEFAULT 'DRAFT',
    "channels" "Channel"[],
    "scheduledAt" TIMESTAMPTZ(3),
    "currentRevision" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostRevision" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "channelTexts" JSONB NOT NULL DEFAULT '{}',
    "mediaIds" UUID[],
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Media" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "parentId" UUID,
    "storageKey" TEXT NOT NULL,
    "originalKey" TEXT,
    "mime" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "originalPurgedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Media_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanJob" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "status" "ScanStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastErrorCode" TEXT,
    "verdict" TEXT,
    "reasons" TEXT[],
    "faces" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "enqueuedAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ScanJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "mediaId" UUID,
    "source" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    "box" INTEGER[],
    "text" TEXT,
    "score" DOUBLE PRECISION NOT NULL,
    "recognizer" TEXT NOT NULL,
    "explanation" TEXT NOT NULL,
    "blocking" BOOLEAN NOT NULL DEFAULT false,
    "dismissedAt" TIMESTAMPTZ(3),
    "dismissedById" UUID,
    "dismissReason" TEXT,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApprovalPolicy" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "steps" JSONB NOT NULL,
    "blockingTypes" TEXT[],
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ApprovalPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "step" INTEGER NOT NULL,
    "approverId" UUID NOT NULL,
    "decision" "Decision" NOT NULL,
    "comment" TEXT,
    "overrideJustification" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "voidedAt" TIMESTAMPTZ(3),
    "voidReason" TEXT,

    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PostComment" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "authorId" UUID NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PostComment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "postId" UUID,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublishHandoff" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "revisionId" UUID NOT NULL,
    "channel" "Channel" NOT NULL,
    "publisher" TEXT NOT NULL,
    "externalId" TEXT,
    "handedOffAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublishHandoff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScanAllowTerm" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "term" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ScanAllowTerm_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Post_orgId_state_idx" ON "Post"("orgId", "state");

-- CreateIndex
CREATE INDEX "Post_orgId_scheduledAt_idx" ON "Post"("orgId", "scheduledAt");

-- CreateIndex
CREATE INDEX "PostRevision_orgId_idx" ON "PostRevision"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "PostRevision_postId_number_key" ON "PostRevision"("postId", "number");

-- CreateIndex
CREATE INDEX "Media_orgId_idx" ON "Media"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "ScanJob_revisionId_key" ON "ScanJob"("revisionId");

-- CreateIndex
CREATE INDEX "ScanJob_status_createdAt_idx" ON "ScanJob"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ScanJob_orgId_postId_idx" ON "ScanJob"("orgId", "postId");

-- CreateIndex
CREATE INDEX "Finding_orgId_revisionId_idx" ON "Finding"("orgId", "revisionId");

-- CreateIndex
CREATE INDEX "Finding_orgId_postId_idx" ON "Finding"("orgId", "postId");

-- CreateIndex
CREATE UNIQUE INDEX "ApprovalPolicy_orgId_key" ON "ApprovalPolicy"("orgId");

-- CreateIndex
CREATE INDEX "Approval_orgId_postId_idx" ON "Approval"("orgId", "postId");

-- CreateIndex
CREATE INDEX "PostComment_orgId_postId_idx" ON "PostComment"("orgId", "postId");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_idx" ON "Notification"("userId", "readAt");

-- CreateIndex
CREATE INDEX "Notification_orgId_postId_idx" ON "Notification"("orgId", "postId");

-- CreateIndex
CREATE INDEX "PublishHandoff_orgId_idx" ON "PublishHandoff"("orgId");

-- CreateIndex
CREATE UNIQUE INDEX "PublishHandoff_postId_channel_key" ON "PublishHandoff"("postId", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "ScanAllowTerm_orgId_term_type_key" ON "ScanAllowTerm"("orgId", "term", "type");

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PostRevision" ADD CONSTRAINT "PostRevision_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE CASCADE ON UPDATE CASCADE;
