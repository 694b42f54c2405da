// The admin cohorts page with a capacity: a negative one is a field message, a valid one is kept.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminCohorts from "#app/routes/admin/cohorts.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin } from "#tests/factories.ts";
import { createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

let admin = "";
beforeAll(async () => {
  admin = await sessionCookieFor((await createAdmin()).id);
});

const post = (form: Record<string, string>) =>
  run(() =>
    adminCohorts.action({ request: makeRequest("/admin/cohorts", { cookie: admin, form }), params: {}, context } as never),
  );

describe("the cohorts page's capacity", () => {
  test("a negative or zero capacity re-renders the form with the capacity message; nothing is written", async () => {
    const course = await createCourseOpenForCohorts();
    for (const capacity of ["-5", "0", "abc"]) {
      const outcome = await post({ intent: "create", courseId: course.id, name: "No places", startsOn: "2027-05-02", capacity });
      expect(outcome).toMatchObject({ kind: "ok", status: 400 });
      const data = (outcome as { data?: { result?: { error?: Record<string, string[]> } } }).data;
      expect(data?.result?.error).toEqual({ capacity: ["cohort.capacity_invalid"] });
    }
    expect(await prisma.cohort.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a valid capacity is kept, and the cohort teaches the course's published revision", async () => {
    const course = await createCourseOpenForCohorts();
    const outcome = await post({ intent: "create", courseId: course.id, name: "Twelve", startsOn: "2027-05-02", capacity: "12" });
    expect(outcome).toMatchObject({ kind: "thrown", status: 302 });
    expect(await prisma.cohort.findFirstOrThrow({ where: { courseId: course.id } })).toMatchObject({
      capacity: 12,
      revisionId: course.revisionId,
    });
  });
});
