// The vetting, educators, cohorts, application and teaching pages, called as React Router calls them:
// concurrent decisions, refusals as form messages or error pages, and every submitted value echoed back.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import * as adminApplication from "#app/routes/admin/application.tsx";
import * as adminApplications from "#app/routes/admin/applications.tsx";
import * as adminCohorts from "#app/routes/admin/cohorts.tsx";
import * as adminEducators from "#app/routes/admin/educators.tsx";
import * as joinEducatorConfirm from "#app/routes/join-educator-confirm.tsx";
import * as joinEducator from "#app/routes/join-educator.tsx";
import * as teach from "#app/routes/teach.tsx";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createApplicationWithInfoRequested,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createSuspendedEducator,
  uniqueEmail,
  uniqueUsername,
} from "#tests/factories.ts";
import { assignEducatorToCohort, createCohort, createCourseOpenForCohorts } from "#tests/learning-factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

let admins: string[] = [];

beforeAll(async () => {
  admins = await Promise.all([1, 2, 3].map(async () => sessionCookieFor((await createAdmin()).id)));
});

type Handler = (args: never) => unknown;
const call = (
  fn: Handler,
  path: string,
  cookie: string | undefined,
  params: Record<string, string> = {},
  form?: Record<string, string | string[]>,
) => run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie, form }), params, context }));

type Reply = {
  result: { status: string; error?: Record<string, string[]>; initialValue?: Record<string, unknown> };
  reason?: string;
};
const reply = (outcome: { data?: unknown }) => outcome.data as Reply;

describe("deciding an application through the review page", () => {
  test("three admins deciding at the same moment: one decision, one audit row, one email, two clear 409s", async () => {
    const applicant = await createEducatorApplicant();
    const path = `/admin/applications/${applicant.applicationId}`;
    const params = { applicationId: applicant.applicationId };
    const forms = [
      { intent: "approve", status: "pending", reason: "Excellent references." },
      { intent: "reject", status: "pending", reason: "Not this time." },
      { intent: "request_info", status: "pending", reason: "Please add a reference." },
    ];
    const outcomes = await Promise.all(forms.map((form, i) => call(adminApplication.action, path, admins[i], params, form)));
    const won = outcomes.filter((o) => o.kind === "thrown" && o.status === 302);
    const refused = outcomes.filter((o) => o.kind === "ok" && o.status === 409);
    expect(won).toHaveLength(1);
    expect(refused).toHaveLength(2);
    for (const r of refused) {
      expect(["application.changed", "application.already_decided"]).toContain(reply(r).reason);
      // The form is re-rendered with the refusal as a form-level message and the reason the admin typed.
      expect(reply(r).result.error?.[""]?.[0]).toMatch(/^reason\.application\./);
      expect(reply(r).result.initialValue?.reason).toBeTruthy();
    }
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicant.applicationId } });
    const winner = forms[outcomes.indexOf(won[0]!)]!;
    expect(app.decisionReason).toBe(winner.reason);
    expect(won[0]!.kind === "thrown" && won[0]!.location).toBe(`${path}?decided=${app.status}`);
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.decided", entityId: app.id } })).toBe(1);
    expect(await prisma.outboxEmail.count({ where: { to: applicant.email } })).toBeLessThanOrEqual(1);
  });

  test("a decision posted from a page that showed an older status is a 409 and changes nothing", async () => {
    const applicant = await createApplicationWithInfoRequested();
    const outcome = await call(
      adminApplication.action,
      `/admin/applications/${applicant.applicationId}`,
      admins[0],
      { applicationId: applicant.applicationId },
      { intent: "approve", status: "pending", reason: "Looks fine." },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 409, data: { reason: "application.changed" } });
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicant.applicationId } });
    expect(app.status).toBe("info_requested");
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.decided", entityId: app.id } })).toBe(0);
  });

  test("a forged decision is a 400 with nothing written; a decision on an unknown application is a 404 page", async () => {
    const applicant = await createEducatorApplicant();
    const forged = await call(
      adminApplication.action,
      `/admin/applications/${applicant.applicationId}`,
      admins[0],
      { applicationId: applicant.applicationId },
      { intent: "promote", status: "pending", reason: "x" },
    );
    expect(forged).toMatchObject({ kind: "ok", status: 400 });
    expect(reply(forged).result.error).toHaveProperty("intent");
    const unknown = await call(
      adminApplication.action,
      "/admin/applications/cmxnosuchapplication000000",
      admins[0],
      { applicationId: "cmxnosuchapplication000000" },
      { intent: "approve", status: "pending", reason: "x" },
    );
    expect(unknown).toMatchObject({ kind: "thrown", status: 404, data: { reason: "not_found" } });
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { id: applicant.applicationId } })).status).toBe(
      "pending",
    );
  });

  test("the queue filters by status and ignores an unknown one; the review page names the applicant by display name", async () => {
    const applicant = await createApplicationWithInfoRequested({ displayName: "Queue Person" });
    const filtered = await call(adminApplications.loader, "/admin/applications?status=info_requested", admins[0]);
    const list = (filtered.data as { applications: Array<{ id: string; status: string; displayName: string }> }).applications;
    expect(list.every((a) => a.status === "info_requested")).toBe(true);
    expect(list.find((a) => a.id === applicant.applicationId)?.displayName).toBe("Queue Person");
    const all = await call(adminApplications.loader, "/admin/applications?status=pirates", admins[0]);
    expect(all).toMatchObject({ kind: "ok", status: 200, data: { status: "" } });
    const page = await call(adminApplication.loader, `/admin/applications/${applicant.applicationId}`, admins[0], {
      applicationId: applicant.applicationId,
    });
    expect(page.data).toMatchObject({
      application: { displayName: "Queue Person", email: applicant.email, status: "info_requested" },
      constraints: { reason: { required: true, maxLength: 2000 } },
    });
  });
});

describe("suspension through the educators page", () => {
  test("suspending an applicant who is not approved is a 409 form message; nothing is written", async () => {
    const applicant = await createEducatorApplicant();
    const outcome = await call(
      adminEducators.action,
      "/admin/educators",
      admins[0],
      {},
      {
        intent: "suspend",
        userId: applicant.id,
        reason: "Testing",
      },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 409, data: { reason: "educator.not_approved" } });
    expect(reply(outcome).result.initialValue).toMatchObject({ userId: applicant.id, reason: "Testing" });
    expect(await prisma.auditEvent.count({ where: { action: "educator.suspended", entityId: applicant.id } })).toBe(0);
  });

  test("a missing reason is a 400 on that row's reason; with one, the educator is suspended and the page says so", async () => {
    const educator = await createApprovedEducator();
    const missing = await call(
      adminEducators.action,
      "/admin/educators",
      admins[0],
      {},
      {
        intent: "suspend",
        userId: educator.id,
        reason: "",
      },
    );
    expect(missing).toMatchObject({ kind: "ok", status: 400 });
    expect(reply(missing).result.error).toEqual({ reason: ["form.required"] });
    // The button's post only asks (ADR 015): the page shows "Suspend …?" and nothing is suspended yet.
    const asked = await call(
      adminEducators.action,
      "/admin/educators",
      admins[0],
      {},
      { intent: "suspend", userId: educator.id, reason: "Complaint" },
    );
    expect(asked).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect(reply(asked).result.initialValue).toMatchObject({ intent: "suspend", userId: educator.id, reason: "Complaint" });
    expect((await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: educator.id } })).suspendedAt).toBeNull();
    const ok = await call(
      adminEducators.action,
      "/admin/educators",
      admins[0],
      {},
      {
        intent: "suspend",
        userId: educator.id,
        reason: "Complaint",
        confirm: "yes",
      },
    );
    expect(ok).toMatchObject({ kind: "thrown", status: 302, location: "/admin/educators?done=suspend" });
    const page = await call(adminEducators.loader, "/admin/educators?done=suspend", admins[0]);
    const row = (page.data as { educators: Array<{ userId: string; suspended: boolean }> }).educators.find(
      (e) => e.userId === educator.id,
    );
    expect(row).toMatchObject({ suspended: true });
  });
});

describe("the cohorts page", () => {
  test("a cohort ending before it starts re-renders every submitted value with the date message; nothing is written", async () => {
    const course = await createCourseOpenForCohorts();
    const form = {
      intent: "create",
      courseId: course.id,
      name: "Backwards cohort",
      startsOn: "2027-05-02",
      endsOn: "2027-05-01",
    };
    const outcome = await call(adminCohorts.action, "/admin/cohorts", admins[0], {}, form);
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect(reply(outcome).result.error).toEqual({ endsOn: ["cohort.end_before_start"] });
    expect(reply(outcome).result.initialValue).toEqual(form);
    expect(await prisma.cohort.count({ where: { courseId: course.id } })).toBe(0);
  });

  test("a course that is not open for teaching is a message on the course field", async () => {
    const draft = await prisma.course.create({ data: { slug: `draft-route-${Date.now()}` }, select: { id: true } });
    const outcome = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "create",
        courseId: draft.id,
        name: "Too early",
        startsOn: "2027-05-02",
      },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "cohort.course_unavailable" } });
    expect(reply(outcome).result.error).toEqual({ courseId: ["reason.cohort.course_unavailable"] });
  });

  test("a cohort is created, a suspended educator cannot be assigned, an active one can, and hours add up", async () => {
    const course = await createCourseOpenForCohorts({ title: "Cohort route course" });
    const created = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "create",
        courseId: course.id,
        name: "Route cohort",
        startsOn: "2027-05-02",
        endsOn: "",
      },
    );
    expect(created).toMatchObject({ kind: "thrown", status: 302, location: "/admin/cohorts?done=created" });
    const cohort = await prisma.cohort.findFirstOrThrow({ where: { courseId: course.id } });
    expect(cohort).toMatchObject({ name: "Route cohort", endsOn: null });

    const suspended = await createSuspendedEducator();
    const refused = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "assign",
        cohortId: cohort.id,
        userId: suspended.id,
      },
    );
    expect(refused).toMatchObject({ kind: "ok", status: 400, data: { reason: "educator.unavailable" } });
    expect(reply(refused).result.error).toEqual({ userId: ["reason.educator.unavailable"] });

    const educator = await createApprovedEducator({ displayName: "Route Teacher" });
    const assigned = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "assign",
        cohortId: cohort.id,
        userId: educator.id,
      },
    );
    expect(assigned).toMatchObject({ kind: "thrown", status: 302, location: "/admin/cohorts?done=assigned" });
    for (const hours of ["1.5", "2.25"]) {
      const recorded = await call(
        adminCohorts.action,
        "/admin/cohorts",
        admins[0],
        {},
        {
          intent: "hours",
          assignment: `${cohort.id}|${educator.id}`,
          hours,
        },
      );
      expect(recorded).toMatchObject({ kind: "thrown", status: 302 });
    }
    const badHours = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "hours",
        assignment: `${cohort.id}|${educator.id}`,
        hours: "1.3",
      },
    );
    expect(reply(badHours).result.error).toEqual({ hours: ["form.number_range"] });

    const page = await call(adminCohorts.loader, "/admin/cohorts", admins[0]);
    const data = page.data as {
      cohorts: Array<{
        id: string;
        course: { title: string | null };
        educators: Array<{ displayName: string; volunteerHours: number }>;
      }>;
      educators: Array<{ userId: string }>;
      constraints: { hours: { hours: { min: number; max: number } } };
    };
    expect(data.cohorts.find((c) => c.id === cohort.id)).toMatchObject({
      course: { title: "Cohort route course" },
      educators: [{ displayName: "Route Teacher", volunteerHours: 3.75 }],
    });
    // Only active educators are offered.
    expect(data.educators.some((e) => e.userId === suspended.id)).toBe(false);
    expect(data.educators.some((e) => e.userId === educator.id)).toBe(true);
    expect(data.constraints.hours.hours).toMatchObject({ min: 0.25, max: 200 });
  });

  test("hours for an assignment that does not exist are a message on the assignment field", async () => {
    const cohort = await createCohort();
    const educator = await createApprovedEducator();
    const outcome = await call(
      adminCohorts.action,
      "/admin/cohorts",
      admins[0],
      {},
      {
        intent: "hours",
        assignment: `${cohort.id}|${educator.id}`,
        hours: "2",
      },
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "cohort.assignment_missing" } });
    expect(await prisma.auditEvent.count({ where: { action: "volunteer_hours.recorded", entityId: cohort.id } })).toBe(0);
  });

  test("a forged intent is a 400, and a learner's valid post is a 403 page; nothing is written", async () => {
    const forged = await call(adminCohorts.action, "/admin/cohorts", admins[0], {}, { intent: "delete", cohortId: "x" });
    expect(forged).toMatchObject({ kind: "ok", status: 400 });
    const course = await createCourseOpenForCohorts();
    const learner = await sessionCookieFor((await createLearner()).id);
    const denied = await call(
      adminCohorts.action,
      "/admin/cohorts",
      learner,
      {},
      {
        intent: "create",
        courseId: course.id,
        name: "Mine",
        startsOn: "2027-05-02",
      },
    );
    expect(denied).toMatchObject({ kind: "thrown", status: 403, data: { reason: "permission.denied" } });
    expect(await prisma.cohort.count({ where: { courseId: course.id } })).toBe(0);
  });
});

describe("the application form", () => {
  const valid = () => ({
    displayName: "New Volunteer",
    email: uniqueEmail("apply"),
    username: uniqueUsername("apply"),
    password: "Lantern-Orchard-Quiet-47",
    confirmPassword: "Lantern-Orchard-Quiet-47",
    subjects: ["physics", "chemistry"],
    languages: ["es"],
    highestQualification: "master",
    institution: "",
    availabilityHours: "5",
    reference1Name: "R One",
    reference1Contact: "one@example.test",
    reference2Name: "R Two",
    reference2Contact: "two@example.test",
    statement: "I would like to teach chemistry and physics to people who had to leave school early.",
  });
  // A client of its own: the per-client application limit is shared by every test file on one database.
  const apply = (form: Record<string, string | string[]>) =>
    run(() =>
      joinEducator.action({
        request: makeRequest("/join/educator", { form }),
        params: {},
        context: { ...context, clientIp: `192.0.2.${randomBytes(2).join(".")}` },
      } as never),
    );
  const linkIn = async (email: string) => {
    const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email } });
    return /\/join\/educator\/confirm\/([A-Za-z0-9_-]+)/.exec(sent.text)?.[1] ?? null;
  };

  test("an invalid post re-renders every value but the passwords, with the field's message", async () => {
    const form = { ...valid(), statement: "Too short." };
    const outcome = await apply(form);
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    const { result } = reply(outcome);
    expect(result.error).toEqual({ statement: ["form.statement_short"] });
    const { password: _p, confirmPassword: _c, institution: _i, ...shown } = form;
    // One ticked box reads as one value, several as a list: both re-tick their boxes.
    expect(result.initialValue).toEqual({ ...shown, languages: "es" });
    expect(await prisma.pendingSignup.count({ where: { email: form.email } })).toBe(0);
  });

  test("a valid post says 'check your inbox'; the emailed link's GET changes nothing, its POST makes the account and opens /teach", async () => {
    const form = valid();
    const outcome = await apply(form);
    expect(outcome).toMatchObject({ kind: "thrown", status: 303, location: "/join/educator?sent=1" });
    expect(await prisma.user.count({ where: { email: form.email } })).toBe(0);
    const sentPage = await call(joinEducator.loader, "/join/educator?sent=1", undefined);
    expect(sentPage.data).toMatchObject({ sent: true });
    const token = (await linkIn(form.email))!;
    const page = await call(joinEducatorConfirm.loader, `/join/educator/confirm/${token}`, undefined, { token });
    expect(page).toMatchObject({ kind: "ok", status: 200 });
    expect(await prisma.user.count({ where: { email: form.email } })).toBe(0);
    const confirmed = await call(
      joinEducatorConfirm.action,
      `/join/educator/confirm/${token}`,
      undefined,
      { token },
      { confirm: "yes" },
    );
    expect(confirmed).toMatchObject({ kind: "thrown", status: 303, location: "/teach" });
    const user = await prisma.user.findUniqueOrThrow({ where: { email: form.email }, select: { id: true, username: true } });
    expect(user.username).toBe(form.username);
    const dashboard = await call(teach.loader, "/teach", await sessionCookieFor(user.id));
    expect(dashboard.data).toMatchObject({
      displayName: "New Volunteer",
      application: { status: "pending", subjects: ["physics", "chemistry"] },
      profile: null,
      cohorts: [],
    });
    // The link is used up: its page now says so.
    const again = await call(joinEducatorConfirm.loader, `/join/educator/confirm/${token}`, undefined, { token });
    expect(again).toMatchObject({ kind: "thrown", status: 410, data: { reason: "link.unusable" } });
  });

  test("an email that has an account gets the very same answer; that mailbox gets the neutral message and nothing is attached", async () => {
    const existing = await createLearner();
    const outcome = await apply({ ...valid(), email: existing.email });
    expect(outcome).toMatchObject({ kind: "thrown", status: 303, location: "/join/educator?sent=1" });
    expect(await linkIn(existing.email)).toBeNull();
    expect(await prisma.educatorApplication.count({ where: { userId: existing.id } })).toBe(0);
  });

  test("a taken username is a 409 on the username field", async () => {
    const existing = await createLearner();
    const outcome = await apply({ ...valid(), username: existing.username });
    expect(outcome).toMatchObject({ kind: "ok", status: 409, data: { reason: "account.username_taken" } });
    expect(reply(outcome).result.error).toEqual({ username: ["reason.account.username_taken"] });
  });
});

describe("the teaching dashboard", () => {
  test("an active educator sees their cohorts and hours; a suspended one sees no cohorts", async () => {
    const educator = await createApprovedEducator({ displayName: "Dash Teacher" });
    const cohort = await createCohort({ name: "Dash cohort" });
    await assignEducatorToCohort({ cohortId: cohort.id, userId: educator.id, volunteerHours: 6 });
    const outcome = await call(teach.loader, "/teach", await sessionCookieFor(educator.id));
    expect(outcome.data).toMatchObject({
      profile: { displayName: "Dash Teacher", suspended: false },
      cohorts: [{ id: cohort.id, name: "Dash cohort", hours: 6 }],
    });

    const suspended = await createSuspendedEducator();
    await assignEducatorToCohort({ cohortId: cohort.id, userId: suspended.id, volunteerHours: 2 });
    const hidden = await call(teach.loader, "/teach", await sessionCookieFor(suspended.id));
    expect(hidden.data).toMatchObject({ profile: { suspended: true }, cohorts: [] });
  });

  test("an applicant asked for more information reads the staff's reason", async () => {
    const applicant = await createApplicationWithInfoRequested({ decisionReason: "Tell us about your lab work." });
    const outcome = await call(teach.loader, "/teach", await sessionCookieFor(applicant.id));
    expect(outcome.data).toMatchObject({
      application: { status: "info_requested", decisionReason: "Tell us about your lab work." },
      profile: null,
    });
  });
});
