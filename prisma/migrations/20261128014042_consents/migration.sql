-- CreateEnum
CREATE TYPE "ConsentStatus" AS ENUM ('ACTIVE', 'EXPIRED', 'REVOKED');

-- CreateEnum
CREATE TYPE "PersonKind" AS ENUM ('PATIENT', 'STAFF');

-- CreateTable
CREATE TABLE "Consent" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "subjectNameCipher" TEXT NOT NULL,
    "dobCipher" TEXT,
    "mrnCipher" TEXT,
    "keyId" TEXT NOT NULL,
    "nameIndex" TEXT NOT NULL,
    "descriptionCipher" TEXT NOT NULL,
    "discloser" TEXT NOT NULL,
    "recipients" TEXT[],
    "channels" "Channel"[],
    "purposes" TEXT[],
    "expiresAt" TIMESTAMPTZ(3),
    "expirationEvent" TEXT,
    "signerNameCipher" TEXT NOT NULL,
    "isRepresentative" BOOLEAN NOT NULL DEFAULT false,
    "representativeAuthorityCipher" TEXT,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "ackRightToRevoke" BOOLEAN NOT NULL,
    "ackNoConditioning" BOOLEAN NOT NULL,
    "ackRedisclosure" BOOLEAN NOT NULL,
    "status" "ConsentStatus" NOT NULL DEFAULT 'ACTIVE',
    "revokedAt" TIMESTAMPTZ(3),
    "revocationMethod" TEXT,
    "revokedById" UUID,
    "expiredAt" TIMESTAMPTZ(3),
    "fileKey" TEXT NOT NULL,
    "fileMime" TEXT NOT NULL,
    "fileSha256" TEXT NOT NULL,
    "fileBytes" INTEGER NOT NULL,
    "uploadedById" UUID NOT NULL,
    "verifiedById" UUID,
    "verifiedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediaPerson" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "mediaId" UUID NOT NULL,
    "kind" "PersonKind" NOT NULL,
    "consentId" UUID,
    "attestedById" UUID,
    "attestedAt" TIMESTAMPTZ(3),
    "labelCipher" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaPerson_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RemovalTask" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "postId" UUID NOT NULL,
    "consentId" UUID NOT NULL,
    "reason" TEXT NOT NULL,
    "assigneeId" UUID NOT NULL,
    "checklist" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastRemindedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "completedById" UUID,

    CONSTRAINT "RemovalTask_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Consent_orgId_nameIndex_idx" ON "Consent"("orgId", "nameIndex");

-- CreateIndex
CREATE INDEX "Consent_orgId_status_expiresAt_idx" ON "Consent"("orgId", "status", "expiresAt");

-- CreateIndex
CREATE INDEX "Consent_status_expiresAt_idx" ON "Consent"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "MediaPerson_orgId_mediaId_idx" ON "MediaPerson"("orgId", "mediaId");

-- CreateIndex
CREATE INDEX "MediaPerson_orgId_consentId_idx" ON "MediaPerson"("orgId", "consentId");

-- CreateIndex
CREATE UNIQUE INDEX "MediaPerson_mediaId_consentId_key" ON "MediaPerson"("mediaId", "consentId");

-- CreateIndex
CREATE INDEX "RemovalTask_orgId_completedAt_idx" ON "RemovalTask"("orgId", "completedAt");

-- CreateIndex
CREATE INDEX "RemovalTask_completedAt_lastRemindedAt_idx" ON "RemovalTask"("completedAt", "lastRemindedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RemovalTask_postId_consentId_key" ON "RemovalTask"("postId", "consentId");

-- AddForeignKey
ALTER TABLE "MediaPerson" ADD CONSTRAINT "MediaPerson_consentId_fkey" FOREIGN KEY ("consentId") REFERENCES "Consent"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
