-- CreateEnum
CREATE TYPE "WaitlistStatus" AS ENUM ('waiting', 'allocated', 'withdrawn');

-- CreateEnum
CREATE TYPE "SeatFunding" AS ENUM ('programme');

-- CreateEnum
CREATE TYPE "EnrolmentStatus" AS ENUM ('active', 'paused', 'completed', 'withdrawn');

-- AlterTable: existing cohorts get 30 places, and the language and revision their course publishes now
-- (or, for a course without one any more, its latest revision). The defaults are dropped after.
ALTER TABLE "Cohort" ADD COLUMN     "capacity" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "language" TEXT NOT NULL DEFAULT 'en',
ADD COLUMN     "revisionId" TEXT;

UPDATE "Cohort" AS c SET "revisionId" = COALESCE(
  (SELECT co."publishedRevisionId" FROM "Course" AS co WHERE co.id = c."courseId"),
  (SELECT r.id FROM "CourseRevision" AS r WHERE r."courseId" = c."courseId" ORDER BY r.number DESC LIMIT 1)
);

UPDATE "Cohort" AS c SET "language" = r.language FROM "CourseRevision" AS r WHERE r.id = c."revisionId";

ALTER TABLE "Cohort" ALTER COLUMN "capacity" DROP DEFAULT,
ALTER COLUMN "language" DROP DEFAULT,
ALTER COLUMN "revisionId" SET NOT NULL;

-- CreateTable
CREATE TABLE "WaitlistEntry" (
    "id" TEXT NOT NULL,
    "learnerId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "cohortId" TEXT,
    "status" "WaitlistStatus" NOT NULL DEFAULT 'waiting',
    "waiting" BOOLEAN DEFAULT true,
    "enrolmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WaitlistEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Seat" (
    "id" TEXT NOT NULL,
    "funding" "SeatFunding" NOT NULL DEFAULT 'programme',
    "courseId" TEXT NOT NULL,
    "cohortId" TEXT,
    "createdById" TEXT,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Seat_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Enrolment" (
    "id" TEXT NOT NULL,
    "learnerId" TEXT NOT NULL,
    "cohortId" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "status" "EnrolmentStatus" NOT NULL DEFAULT 'active',
    "waivedPrerequisite" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Enrolment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_enrolmentId_key" ON "WaitlistEntry"("enrolmentId");

-- CreateIndex
CREATE INDEX "WaitlistEntry_courseId_status_createdAt_idx" ON "WaitlistEntry"("courseId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "WaitlistEntry_learnerId_status_idx" ON "WaitlistEntry"("learnerId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "WaitlistEntry_courseId_learnerId_waiting_key" ON "WaitlistEntry"("courseId", "learnerId", "waiting");

-- CreateIndex
CREATE INDEX "Seat_courseId_usedAt_idx" ON "Seat"("courseId", "usedAt");

-- CreateIndex
CREATE INDEX "Seat_cohortId_usedAt_idx" ON "Seat"("cohortId", "usedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_seatId_key" ON "Enrolment"("seatId");

-- CreateIndex
CREATE INDEX "Enrolment_learnerId_createdAt_idx" ON "Enrolment"("learnerId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Enrolment_cohortId_learnerId_key" ON "Enrolment"("cohortId", "learnerId");

-- CreateIndex
CREATE INDEX "Cohort_revisionId_idx" ON "Cohort"("revisionId");

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "CourseRevision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WaitlistEntry" ADD CONSTRAINT "WaitlistEntry_enrolmentId_fkey" FOREIGN KEY ("enrolmentId") REFERENCES "Enrolment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Seat" ADD CONSTRAINT "Seat_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_learnerId_fkey" FOREIGN KEY ("learnerId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Enrolment" ADD CONSTRAINT "Enrolment_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "Seat"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

