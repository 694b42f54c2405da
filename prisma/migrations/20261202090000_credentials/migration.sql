-- CreateEnum
CREATE TYPE "IssuerKeyStatus" AS ENUM ('current', 'retired', 'compromised');

-- CreateEnum
CREATE TYPE "CredentialKind" AS ENUM ('achievement');

-- CreateEnum
CREATE TYPE "ShareName" AS ENUM ('none', 'display', 'legal');

-- CreateTable
CREATE TABLE "Issuer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "currentKeyId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Issuer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IssuerKey" (
    "id" TEXT NOT NULL,
    "fragment" TEXT NOT NULL,
    "publicKeyMultibase" TEXT NOT NULL,
    "secretKeyCipher" TEXT NOT NULL,
    "status" "IssuerKeyStatus" NOT NULL DEFAULT 'current',
    "retiredAt" TIMESTAMP(3),
    "compromisedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IssuerKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StatusList" (
    "id" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StatusList_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Credential" (
    "id" TEXT NOT NULL,
    "kind" "CredentialKind" NOT NULL DEFAULT 'achievement',
    "enrolmentId" TEXT NOT NULL,
    "learnerId" TEXT,
    "courseSlug" TEXT NOT NULL,
    "creditUnit" "CreditUnit" NOT NULL DEFAULT 'ECTS',
    "document" JSONB NOT NULL,
    "keyId" TEXT NOT NULL,
    "statusListId" TEXT NOT NULL,
    "statusIndex" INTEGER NOT NULL,
    "issuedAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "revokedById" TEXT,
    "revocationReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Credential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShareLink" (
    "id" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "learnerId" TEXT NOT NULL,
    "audience" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "nameShown" "ShareName" NOT NULL DEFAULT 'none',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),
    "viewCount" INTEGER NOT NULL DEFAULT 0,
    "lastViewedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShareLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Issuer_currentKeyId_key" ON "Issuer"("currentKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "IssuerKey_fragment_key" ON "IssuerKey"("fragment");

-- CreateIndex
CREATE UNIQUE INDEX "IssuerKey_publicKeyMultibase_key" ON "IssuerKey"("publicKeyMultibase");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_enrolmentId_key" ON "Credential"("enrolmentId");

-- CreateIndex
CREATE INDEX "Credential_learnerId_issuedAt_idx" ON "Credential"("learnerId", "issuedAt");

-- CreateIndex
CREATE INDEX "Credential_issuedAt_idx" ON "Credential"("issuedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Credential_statusListId_statusIndex_key" ON "Credential"("statusListId", "statusIndex");

-- CreateIndex
CREATE UNIQUE INDEX "ShareLink_tokenHash_key" ON "ShareLink"("tokenHash");

-- CreateIndex
CREATE INDEX "ShareLink_credentialId_createdAt_idx" ON "ShareLink"("credentialId", "createdAt");

-- CreateIndex
CREATE INDEX "ShareLink_learnerId_createdAt_idx" ON "ShareLink"("learnerId", "createdAt");

-- AddForeignKey
ALTER TABLE "ShareLink" ADD CONSTRAINT "ShareLink_credentialId_fkey" FOREIGN KEY ("credentialId") REFERENCES "Credential"("id") ON DELETE CASCADE ON UPDATE CASCADE;

