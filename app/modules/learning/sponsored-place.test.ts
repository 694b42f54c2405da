// "Your place is funded by a sponsor" (issue 10): the learner's dashboard says so for an enrolment whose
// seat a sponsor's order paid for, never naming the sponsor or the order; a programme-funded seat says
// nothing.
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import * as learn from "#app/routes/learn.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createOrganisation } from "#tests/factories.ts";
import { createCohort, createEnrolment } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";
import { getMyLearning } from "./queries.server.ts";

/** A sponsor organisation with a recognisable name and an order of it, whose seat the enrolment uses. */
async function fundBySponsor(seatId: string, courseId: string) {
  const org = await createOrganisation({ kind: "sponsor", name: `Acme Philanthropy ${seatId.slice(-6)}` });
  const order = await prisma.sponsorOrder.create({
    data: {
      orgId: org.id,
      courseId,
      seats: 1,
      unitAmountMinor: 12_000,
      amountMinor: 12_000,
      currency: "usd",
      status: "paid",
      provider: "offline",
      createdById: "factory",
    },
    select: { id: true },
  });
  await prisma.seat.update({ where: { id: seatId }, data: { funding: "sponsor", orderId: order.id } });
  return { orgName: `Acme Philanthropy ${seatId.slice(-6)}`, orgId: org.id, orderId: order.id };
}

describe("a sponsor-funded place", () => {
  test("getMyLearning marks the sponsor's seat, not the programme's, and names no sponsor", async () => {
    const learner = await createLearner();
    const sponsoredCohort = await createCohort({ name: "Sponsored cohort" });
    const programmeCohort = await createCohort({ name: "Programme cohort" });
    const sponsored = await createEnrolment({ learnerId: learner.id, cohortId: sponsoredCohort.id });
    const programme = await createEnrolment({ learnerId: learner.id, cohortId: programmeCohort.id });
    const sponsor = await fundBySponsor(sponsored.seatId, sponsoredCohort.courseId);

    const mine = await getMyLearning(await actorFor(learner.id));
    const byId = new Map(mine.enrolments.map((e) => [e.id, e]));
    expect(byId.get(sponsored.id)?.sponsored).toBe(true);
    expect(byId.get(programme.id)?.sponsored).toBe(false);
    const text = JSON.stringify(mine);
    for (const secret of [sponsor.orgName, sponsor.orgId, sponsor.orderId]) expect(text).not.toContain(secret);
  });

  test("the dashboard carries the neutral line's words and the flag, in every language", async () => {
    const learner = await createLearner();
    const cohort = await createCohort();
    const enrolment = await createEnrolment({ learnerId: learner.id, cohortId: cohort.id });
    const sponsor = await fundBySponsor(enrolment.seatId, cohort.courseId);
    const cookie = await sessionCookieFor(learner.id);
    for (const [lang, words] of [
      ["en", "Your place is funded by a sponsor."],
      ["es", "Tu plaza está financiada por un patrocinador."],
      ["ar", "مقعدك ممول من جهة راعية."],
    ] as const) {
      const outcome = await run(() =>
        learn.loader({
          request: makeRequest("/learn", { cookie, headers: { "Accept-Language": lang } }),
          params: {},
          context,
        } as never),
      );
      const data = (
        outcome as { data: { messages: Record<string, string>; learning: { enrolments: Array<{ sponsored: boolean }> } } }
      ).data;
      expect(data.messages["dashboard.funded_by_sponsor"]).toBe(words);
      expect(data.learning.enrolments).toMatchObject([{ sponsored: true }]);
      expect(JSON.stringify(data)).not.toContain(sponsor.orgName);
      // The learner's page carries no staff-only sponsorship strings.
      expect(Object.keys(data.messages).filter((k) => k.startsWith("sponsor."))).toEqual([]);
    }
  });

  test("a programme-funded place has no such line", async () => {
    const learner = await createLearner();
    await createEnrolment({ learnerId: learner.id, cohortId: (await createCohort()).id });
    const mine = await getMyLearning(await actorFor(learner.id));
    expect(mine.enrolments.map((e) => e.sponsored)).toEqual([false]);
  });
});
