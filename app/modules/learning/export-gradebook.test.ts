// The gradebook CSV download as an operation, on the real database: the cohort's educator gets the file
// and one `gradebook.exported` audit row (no names in it); anyone else gets "not found" and nothing is
// recorded. The file's format is gradebook-csv.test.ts's.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { addLearner, createGradedCohort, recordAttempt } from "#tests/dashboard-fixtures.ts";
import { createAdmin, createApprovedEducator, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { exportGradebook } from "./export-gradebook.server.ts";

const exported = (cohortId: string) =>
  prisma.auditEvent.findMany({
    where: { action: "gradebook.exported", entityId: cohortId },
    select: { actorId: true, data: true },
  });

describe("exporting a gradebook", () => {
  test("the cohort's educator: the file in their language, and one audit row without names", async () => {
    const s = await createGradedCohort({ learnerName: "Amal" });
    await addLearner(s.cohort.id, { displayName: "-Noor" });
    await recordAttempt(s.enrolment.id, s.quiz.id, 1, 50, new Date());
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    const csv = await exportGradebook(await actorFor(educator.id), { cohortId: s.cohort.id }, { locale: "ar" });
    const lines = csv.slice(1).split("\r\n");
    expect(lines[0]).toBe("المتعلم,Lesson 3,Lesson 5,الدروس المنجزة,دروس المقرر,درجة المقرر حتى الآن,الدرجة النهائية");
    expect(lines.slice(1, 3)).toEqual(["'-Noor,,,0,6,,", "Amal,,50.0,0,6,12.5,"]);
    expect(await exported(s.cohort.id)).toEqual([{ actorId: educator.id, data: { learners: 2 } }]);
    expect(JSON.stringify(await exported(s.cohort.id))).not.toContain("Amal");
  });

  test("anyone else, a forged or malformed id: not found, nothing recorded", async () => {
    const s = await createGradedCohort();
    const elsewhere = await createApprovedEducator();
    const mine = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: mine.id });
    for (const user of [elsewhere, await createAdmin(), s.learner, await createSponsorMember(), await createVerifier()]) {
      await expect(exportGradebook(await actorFor(user.id), { cohortId: s.cohort.id }, { locale: "en" })).rejects.toMatchObject({
        reason: "not_found",
      });
    }
    for (const cohortId of ["cmxnosuchcohort0000000000", "../x"]) {
      await expect(exportGradebook(await actorFor(mine.id), { cohortId }, { locale: "en" })).rejects.toMatchObject({
        reason: "not_found",
      });
    }
    expect(await exported(s.cohort.id)).toEqual([]);
  });
});
