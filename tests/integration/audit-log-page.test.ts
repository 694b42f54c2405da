// The admin audit page (issue 7, item 9): pages of 50 with keyset links both ways, filters by action,
// actor (typed username or email, or a "their actions" link) and UTC days, and readable rows: names and
// labels from the modules that own them, never raw ids or JSON, in a number of queries that does not
// grow with the page.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import * as adminAudit from "#app/routes/admin/audit.tsx";
import { prisma, queryCounter } from "#app/utils/db.server.ts";
import { createCourseInReview } from "#tests/course-factories.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createInvitation,
  createLearner,
  createOrganisation,
  createReferralCode,
} from "#tests/factories.ts";
import { createCohort } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Page = Awaited<ReturnType<typeof adminAudit.loader>>;

let viewer: string;
beforeAll(async () => {
  viewer = await sessionCookieFor((await createAdmin()).id);
});

async function load(query: string): Promise<Page> {
  const outcome = await run(() =>
    adminAudit.loader({ request: makeRequest(`/admin/audit${query}`, { cookie: viewer }), params: {}, context } as never),
  );
  expect(outcome).toMatchObject({ kind: "ok", status: 200 });
  return (outcome as { data: Page }).data;
}

/** `count` events by a fresh admin, one a minute back from `start`, newest first by index 0. */
async function eventsBy(count: number, start = Date.now()) {
  const actor = await createAdmin();
  await prisma.auditEvent.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      actorId: actor.id,
      action: i % 2 ? "auth.login" : "auth.logout",
      entityType: "user",
      entityId: actor.id,
      createdAt: new Date(start - i * 60_000),
    })),
  });
  const rows = await prisma.auditEvent.findMany({
    where: { actorId: actor.id },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true },
  });
  return { actor, ids: rows.map((r) => r.id) };
}

describe("paging", () => {
  test("50 a page, newest first; older and newer links walk the log both ways and keep the filters", async () => {
    const { actor, ids } = await eventsBy(120);
    const first = await load(`?actorId=${actor.id}`);
    expect(first.events.map((e) => e.id)).toEqual(ids.slice(0, 50));
    expect(first.newerHref).toBeNull();
    expect(first.olderHref).toContain(`actorId=${actor.id}`);

    const second = await load(first.olderHref!);
    expect(second.events.map((e) => e.id)).toEqual(ids.slice(50, 100));
    expect(second.newerHref).not.toBeNull();
    const third = await load(second.olderHref!);
    expect(third.events.map((e) => e.id)).toEqual(ids.slice(100, 120));
    expect(third.olderHref).toBeNull();

    const back = await load(third.newerHref!);
    expect(back.events.map((e) => e.id)).toEqual(ids.slice(50, 100));
    const top = await load(back.newerHref!);
    expect(top.events.map((e) => e.id)).toEqual(ids.slice(0, 50));
    expect(top.newerHref).toBeNull();
  });

  test("rows created in the same millisecond are neither skipped nor repeated", async () => {
    const actor = await createAdmin();
    const at = new Date(Date.now() - 3_600_000);
    await prisma.auditEvent.createMany({
      data: Array.from({ length: 75 }, () => ({ actorId: actor.id, action: "auth.login", entityType: "user", createdAt: at })),
    });
    const first = await load(`?actorId=${actor.id}`);
    const second = await load(first.olderHref!);
    const seen = [...first.events, ...second.events].map((e) => e.id);
    expect(new Set(seen).size).toBe(75);
    expect(second.olderHref).toBeNull();
  });

  test("a forged cursor or date is ignored, never a 500", async () => {
    for (const query of [
      "?before=nonsense",
      "?after=2026-13-45T99:99:99.999Z~x",
      "?from=yesterday&to=2026-02-31",
      "?actorId=%00",
    ]) {
      const page = await load(query);
      expect(page.events.length).toBeLessThanOrEqual(50);
    }
  });
});

describe("filters", () => {
  test("by action, by a typed username or email, and by UTC days (inclusive)", async () => {
    const day = (iso: string) => new Date(`${iso}T12:00:00Z`).getTime();
    const actor = await createAdmin();
    const me = await prisma.user.findUniqueOrThrow({ where: { id: actor.id }, select: { username: true, email: true } });
    await prisma.auditEvent.createMany({
      data: [
        { actorId: actor.id, action: "auth.login", entityType: "user", createdAt: new Date(day("2025-03-01")) },
        { actorId: actor.id, action: "auth.logout", entityType: "user", createdAt: new Date(day("2025-03-02")) },
        { actorId: actor.id, action: "auth.login", entityType: "user", createdAt: new Date(day("2025-03-03")) },
        { actorId: actor.id, action: "auth.login", entityType: "user", createdAt: new Date(day("2025-03-05")) },
      ],
    });
    const byName = await load(`?actor=${encodeURIComponent(me.username.toUpperCase())}&from=2025-03-01&to=2025-03-03`);
    expect(byName.events.map((e) => new Date(e.createdAt).toISOString().slice(0, 10))).toEqual([
      "2025-03-03",
      "2025-03-02",
      "2025-03-01",
    ]);
    expect(byName.filters).toMatchObject({
      actor: me.username.toUpperCase(),
      actorId: null,
      from: "2025-03-01",
      to: "2025-03-03",
    });
    const byEmail = await load(`?actor=${encodeURIComponent(me.email!)}&action=auth.login&from=2025-03-02`);
    expect(byEmail.events.map((e) => e.action)).toEqual(["auth.login", "auth.login"]);
    expect(byEmail.filters.action).toBe("auth.login");

    const nobody = await load(`?actor=no-such-person-${randomBytes(3).toString("hex")}`);
    expect(nobody).toMatchObject({ actorUnknown: true, events: [] });
    const unknownAction = await load(`?actorId=${actor.id}&action=nonsense`);
    expect(unknownAction.filters.action).toBe("");
    expect(unknownAction.events).toHaveLength(4);
  });

  test('a "their actions" link filters by the person and names them', async () => {
    const actor = await createAdmin({ displayName: "Orla Penhaligon" });
    await prisma.auditEvent.create({ data: { actorId: actor.id, action: "auth.login", entityType: "user" } });
    const page = await load(`?actorId=${actor.id}`);
    expect(page.filters).toMatchObject({ actorId: actor.id, actorName: "Orla Penhaligon" });
    expect(page.events.every((e) => e.actor?.id === actor.id)).toBe(true);
  });
});

describe("readable rows", () => {
  test("actors, records and details by name and label; no raw id or JSON for anything that has a name", async () => {
    const actor = await createAdmin({ displayName: "Tove Lindqvist" });
    const learner = await createLearner({ displayName: "Marram Grass" });
    const ngoName = `Lighthouse Aid ${randomBytes(3).toString("hex")}`;
    const ngo = { ...(await createOrganisation({ kind: "ngo", name: ngoName })), name: ngoName };
    const code = await createReferralCode({ ngoId: ngo.id, label: "Dockside desk" });
    const sponsorName = `Bright Sail Trust ${randomBytes(3).toString("hex")}`;
    const sponsor = { ...(await createOrganisation({ kind: "sponsor", name: sponsorName })), name: sponsorName };
    const invitation = await createInvitation({ orgId: sponsor.id });
    const course = await createCourseInReview({ title: "Fluid dynamics", modules: 1, lessons: 1 });
    const applicant = await createEducatorApplicant({ displayName: "Peregrine Ash" });
    const educator = await createApprovedEducator({ displayName: "Selma Brandt" });
    const cohort = await createCohort({ name: "Spring evening group" });
    const at = Date.now() - 7_200_000;
    const rows = [
      { action: "role.granted", entityType: "user", entityId: learner.id, data: { role: "verifier" } },
      { action: "organisation.created", entityType: "organisation", entityId: ngo.id, data: { kind: "ngo" } },
      { action: "referral_code.created", entityType: "referral_code", entityId: code.id, data: { ngoId: ngo.id, maxUses: 3 } },
      {
        action: "invitation.created",
        entityType: "invitation",
        entityId: invitation.id,
        data: { orgId: sponsor.id, role: "sponsor" },
      },
      { action: "course.archived", entityType: "course", entityId: course.id, data: { why: "Superseded by a new edition" } },
      {
        action: "educator_application.decided",
        entityType: "educator_application",
        entityId: applicant.applicationId,
        data: { decision: "rejected", from: "pending" },
      },
      { action: "cohort.educator_assigned", entityType: "cohort", entityId: cohort.id, data: { userId: educator.id } },
      { action: "user.legal_name_changed", entityType: "user", entityId: learner.id, data: { stored: true, consent: false } },
    ];
    await prisma.auditEvent.createMany({
      data: rows.map((r, i) => ({ ...r, actorId: actor.id, createdAt: new Date(at - i * 1000) })),
    });
    const page = await load(`?actorId=${actor.id}`);
    const byAction = new Map(page.events.map((e) => [e.action, e]));
    expect(page.events.every((e) => e.actor?.name === "Tove Lindqvist")).toBe(true);
    expect(byAction.get("role.granted")).toMatchObject({
      subject: { type: "user", name: "Marram Grass" },
      details: [{ field: "role", value: { labels: [{ key: "role.verifier" }] } }],
    });
    expect(byAction.get("organisation.created")).toMatchObject({
      subject: { type: "organisation", name: ngo.name },
      details: [{ field: "kind", value: { labels: [{ key: "org_kind.ngo" }] } }],
    });
    expect(byAction.get("referral_code.created")).toMatchObject({ subject: { name: "Dockside desk" } });
    expect(byAction.get("referral_code.created")?.details).toEqual(
      expect.arrayContaining([
        { field: "ngoId", value: { name: ngo.name } },
        { field: "maxUses", value: { number: 3 } },
      ]),
    );
    // Lines come in the order PostgreSQL keeps JSON keys in: compare them as a set.
    expect(byAction.get("invitation.created")).toMatchObject({
      subject: { type: "invitation", name: sponsor.name, role: "sponsor" },
    });
    expect(byAction.get("invitation.created")?.details).toEqual(
      expect.arrayContaining([
        { field: "orgId", value: { name: sponsor.name } },
        { field: "role", value: { labels: [{ key: "role.sponsor", raw: "sponsor" }] } },
      ]),
    );
    expect(byAction.get("course.archived")).toMatchObject({
      subject: { type: "course", href: `/admin/courses/${course.id}` },
      details: [{ field: "why", value: { text: "Superseded by a new edition" } }],
    });
    expect(byAction.get("educator_application.decided")).toMatchObject({ subject: { name: "Peregrine Ash" } });
    expect(byAction.get("educator_application.decided")?.details).toEqual(
      expect.arrayContaining([
        { field: "decision", value: { labels: [{ key: "application_status.rejected", raw: "rejected" }] } },
        { field: "from", value: { labels: [{ key: "application_status.pending", raw: "pending" }] } },
      ]),
    );
    expect(byAction.get("cohort.educator_assigned")).toMatchObject({
      subject: { name: "Spring evening group" },
      details: [{ field: "userId", value: { name: "Selma Brandt" } }],
    });
    expect(byAction.get("user.legal_name_changed")?.details).toEqual(
      expect.arrayContaining([
        { field: "stored", value: { yes: true } },
        { field: "consent", value: { yes: false } },
      ]),
    );
    // What is shown as text: no id of a record that has a name (links may carry ids; text never does).
    const shown = JSON.stringify(page.events.map((e) => ({ action: e.action, name: e.subject.name, details: e.details })));
    for (const id of [
      learner.id,
      ngo.id,
      code.id,
      sponsor.id,
      invitation.id,
      course.id,
      applicant.applicationId,
      educator.id,
      cohort.id,
    ])
      expect(shown).not.toContain(id);
  });

  test("a record that no longer exists is said so, not shown as an id", async () => {
    const actor = await createAdmin();
    await prisma.auditEvent.create({
      data: {
        actorId: actor.id,
        action: "cohort.created",
        entityType: "cohort",
        entityId: "gone00000000000000000000",
        data: { courseId: "gone11111111111111111111" },
      },
    });
    const [event] = (await load(`?actorId=${actor.id}`)).events;
    expect(event).toMatchObject({
      subject: { type: "cohort", name: null },
      details: [{ field: "courseId", value: { gone: true } }],
    });
  });
});

describe("the number of queries does not grow with the page", () => {
  test("a page of 4 events and a page of 50, of every kind of record, take the same number of queries", async () => {
    const learner = await createLearner();
    const ngo = await createOrganisation({ kind: "ngo" });
    const course = await createCourseInReview({ modules: 1, lessons: 1 });
    const cohort = await createCohort();
    const kinds = [
      { entityType: "user", entityId: learner.id, data: { role: "verifier" } },
      { entityType: "organisation", entityId: ngo.id, data: { kind: "ngo" } },
      { entityType: "course", entityId: course.id, data: { courseId: course.id } },
      { entityType: "cohort", entityId: cohort.id, data: { userId: learner.id, orgId: ngo.id } },
    ];
    const fill = async (count: number) => {
      const actor = await createAdmin();
      await prisma.auditEvent.createMany({
        data: Array.from({ length: count }, (_, i) => ({
          actorId: actor.id,
          action: "cohort.created",
          ...kinds[i % kinds.length]!,
        })),
      });
      return actor.id;
    };
    const small = await fill(4);
    const large = await fill(60);
    const queries = async (actorId: string) => {
      const before = queryCounter.count;
      const page = await load(`?actorId=${actorId}`);
      return { count: queryCounter.count - before, rows: page.events.length };
    };
    await queries(small); // warm up (the first query of a file may prepare the client)
    const a = await queries(small);
    const b = await queries(large);
    expect([a.rows, b.rows]).toEqual([4, 50]);
    expect(b.count).toBe(a.count);
  });
});
