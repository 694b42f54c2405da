-- DropForeignKey
ALTER TABLE "Cohort" DROP CONSTRAINT "Cohort_courseId_fkey";

-- DropForeignKey
ALTER TABLE "CohortEducator" DROP CONSTRAINT "CohortEducator_cohortId_fkey";

-- AddForeignKey
ALTER TABLE "Cohort" ADD CONSTRAINT "Cohort_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortEducator" ADD CONSTRAINT "CohortEducator_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

