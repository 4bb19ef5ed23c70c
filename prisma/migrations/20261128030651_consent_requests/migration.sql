-- CreateEnum
CREATE TYPE "ConsentRequestStatus" AS ENUM ('PENDING', 'SIGNED', 'CANCELLED');

-- CreateTable
CREATE TABLE "ConsentRequest" (
    "id" UUID NOT NULL,
    "orgId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ConsentRequestStatus" NOT NULL DEFAULT 'PENDING',
    "subjectNameCipher" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "descriptionCipher" TEXT NOT NULL,
    "discloser" TEXT NOT NULL,
    "recipients" TEXT[],
    "channels" "Channel"[],
    "purposes" TEXT[],
    "authorizationExpiresAt" TIMESTAMPTZ(3),
    "expirationEvent" TEXT,
    "emailCipher" TEXT,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "openedAt" TIMESTAMPTZ(3),
    "signedAt" TIMESTAMPTZ(3),
    "signerIp" TEXT,
    "signerUserAgent" TEXT,
    "documentSha256" TEXT,
    "documentBytes" INTEGER,
    "consentId" UUID,
    "copyAvailableUntil" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "cancelledById" UUID,

    CONSTRAINT "ConsentRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRequest_tokenHash_key" ON "ConsentRequest"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentRequest_consentId_key" ON "ConsentRequest"("consentId");

-- CreateIndex
CREATE INDEX "ConsentRequest_orgId_createdAt_idx" ON "ConsentRequest"("orgId", "createdAt");
