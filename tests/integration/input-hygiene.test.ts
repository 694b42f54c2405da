// Input hygiene at one boundary: NUL (U+0000) and the other disallowed control characters, posted to every
// form of every route that has an action, get a 400 with a field message and change nothing; in route
// parameters they get a 400 page; in query strings they are stripped. Never a 500.
// The fields posted are the ones each route's page really renders (read from its source and the form
// components it uses), each with every intent the page can send.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createPublishedCourse } from "#tests/course-factories.ts";
import { createCohort, createEnrolment } from "#tests/learning-factories.ts";
import {
  createAdmin,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
  createOrganisation,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const MARK = `nul-${randomBytes(4).toString("hex")}`;
const BAD = [`${MARK}\u0000x`, `${MARK}\u0007bell`, `${MARK}\u001bescape`, `${MARK}\u007fdel`];

type Who = "anonymous" | "learner" | "educator" | "admin";
const cookies: Partial<Record<Who, string>> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  const learner = await createLearner();
  const educator = await createApprovedEducator();
  const admin = await createAdmin();
  const applicant = await createEducatorApplicant();
  cookies.learner = await sessionCookieFor(learner.id);
  cookies.educator = await sessionCookieFor(educator.id);
  cookies.admin = await sessionCookieFor(admin.id);
  ids.learner = learner.id;
  ids.educator = educator.id;
  ids.admin = admin.id;
  ids.applicant = applicant.id;
  ids.application = (await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: applicant.id } })).id;
  const course = await createPublishedCourse({ lessons: 2, modules: 1 });
  const row = await prisma.course.findUniqueOrThrow({ where: { slug: course.slug }, select: { id: true } });
  ids.course = row.id;
  ids.courseSlug = course.slug;
  ids.lesson = course.lessons[0]!.slug;
  ids.enrolment = (await createEnrolment({ learnerId: learner.id, cohortId: (await createCohort({ courseId: row.id })).id })).id;
  await prisma.courseAuthor.create({ data: { courseId: row.id, userId: educator.id } });
  // An assignment (lesson 2) with a submission waiting, in a cohort the educator teaches (issue 8, item 5).
  const enrolment = await prisma.enrolment.findUniqueOrThrow({ where: { id: ids.enrolment }, select: { cohortId: true } });
  await prisma.cohortEducator.create({ data: { cohortId: enrolment.cohortId, userId: educator.id } });
  const assignment = await prisma.lesson.update({
    where: {
      revisionId_slug: {
        revisionId: (await prisma.course.findUniqueOrThrow({ where: { id: row.id } })).publishedRevisionId!,
        slug: course.lessons[1]!.slug,
      },
    },
    data: { kind: "assignment", assignment: { rubric: [{ criterion: "All", points: 10 }], fileTypes: [".pdf"], maxSizeMb: 1 } },
    select: { id: true, slug: true },
  });
  ids.assignment = assignment.slug;
  ids.submission = (
    await prisma.submission.create({ data: { enrolmentId: ids.enrolment, lessonId: assignment.id, text: "work" } })
  ).id;
  const org = await createOrganisation({ kind: "sponsor" });
  ids.token = randomBytes(24).toString("base64url");
  await prisma.invitation.create({
    data: {
      email: `${MARK}@example.test`,
      role: "sponsor",
      orgId: org.id,
      tokenHash: sha256(ids.token),
      expiresAt: new Date(Date.now() + 86_400_000),
      invitedById: admin.id,
    },
  });
});

type RouteCase = {
  file: string;
  path: () => string;
  params: () => Record<string, string>;
  who: Who;
  components?: string[];
  /** A form without text fields of its own (the header's preferences): a 400 page is its message. */
  page?: true;
};

const ROUTES: RouteCase[] = [
  { file: "login.tsx", path: () => "/login", params: () => ({}), who: "anonymous" },
  { file: "signup.tsx", path: () => "/signup", params: () => ({}), who: "anonymous" },
  { file: "join-educator.tsx", path: () => "/join/educator", params: () => ({}), who: "anonymous" },
  { file: "invite.tsx", path: () => `/invite/${ids.token}`, params: () => ({ token: ids.token! }), who: "anonymous" },
  {
    file: "confirm-email.tsx",
    path: () => `/confirm-email/${ids.token}`,
    params: () => ({ token: ids.token! }),
    who: "anonymous",
    components: ["components/link-confirm.tsx"],
  },
  {
    file: "join-educator-confirm.tsx",
    path: () => `/join/educator/confirm/${ids.token}`,
    params: () => ({ token: ids.token! }),
    who: "anonymous",
    components: ["components/link-confirm.tsx"],
  },
  {
    file: "join-invitation-confirm.tsx",
    path: () => `/join/invitation/confirm/${ids.token}`,
    params: () => ({ token: ids.token! }),
    who: "anonymous",
    components: ["components/link-confirm.tsx"],
  },
  { file: "notices.tsx", path: () => "/notices", params: () => ({}), who: "learner" },
  {
    file: "preferences.tsx",
    path: () => "/preferences",
    params: () => ({}),
    who: "learner",
    components: ["root.tsx"],
    page: true,
  },
  { file: "settings.tsx", path: () => "/settings", params: () => ({}), who: "learner" },
  { file: "recover.tsx", path: () => "/recover", params: () => ({}), who: "anonymous" },
  {
    file: "recover-code.tsx",
    path: () => "/recover/code",
    params: () => ({}),
    who: "anonymous",
    components: ["components/forms.tsx"],
  },
  {
    file: "reset.tsx",
    path: () => `/reset/${ids.token}`,
    params: () => ({ token: ids.token! }),
    who: "anonymous",
    components: ["components/forms.tsx"],
  },
  { file: "settings-recovery-codes.tsx", path: () => "/settings/recovery-codes", params: () => ({}), who: "learner" },
  {
    file: "admin/user-reset-code.tsx",
    path: () => `/admin/users/${ids.learner}/reset-code`,
    params: () => ({ userId: ids.learner! }),
    who: "admin",
  },
  { file: "admin/organisations.tsx", path: () => "/admin/organisations", params: () => ({}), who: "admin" },
  { file: "admin/referral-codes.tsx", path: () => "/admin/referral-codes", params: () => ({}), who: "admin" },
  { file: "admin/invitations.tsx", path: () => "/admin/invitations", params: () => ({}), who: "admin" },
  { file: "admin/user.tsx", path: () => `/admin/users/${ids.learner}`, params: () => ({ userId: ids.learner! }), who: "admin" },
  {
    file: "admin/application.tsx",
    path: () => `/admin/applications/${ids.application}`,
    params: () => ({ applicationId: ids.application! }),
    who: "admin",
  },
  { file: "admin/educators.tsx", path: () => "/admin/educators", params: () => ({}), who: "admin" },
  { file: "admin/cohorts.tsx", path: () => "/admin/cohorts", params: () => ({}), who: "admin" },
  { file: "admin/seats.tsx", path: () => "/admin/seats", params: () => ({}), who: "admin" },
  { file: "learn.tsx", path: () => "/learn", params: () => ({}), who: "learner" },
  {
    file: "learn/lesson.tsx",
    path: () => `/learn/${ids.enrolment}/${ids.lesson}`,
    params: () => ({ enrolmentId: ids.enrolment!, lessonSlug: ids.lesson! }),
    who: "learner",
  },
  {
    file: "learn/quiz.tsx",
    path: () => `/learn/${ids.enrolment}/${ids.lesson}/quiz`,
    params: () => ({ enrolmentId: ids.enrolment!, lessonSlug: ids.lesson! }),
    who: "learner",
  },
  {
    // a multipart form; the hygiene of its text fields is the same as every form's
    file: "learn/submission.tsx",
    path: () => `/learn/${ids.enrolment}/${ids.assignment}/submission`,
    params: () => ({ enrolmentId: ids.enrolment!, lessonSlug: ids.assignment! }),
    who: "learner",
  },
  {
    file: "teach/submission.tsx",
    path: () => `/teach/submissions/${ids.submission}`,
    params: () => ({ submissionId: ids.submission! }),
    who: "educator",
  },
  {
    file: "learn/outline.tsx",
    path: () => `/learn/${ids.enrolment}`,
    params: () => ({ enrolmentId: ids.enrolment! }),
    who: "learner",
    components: ["components/learning/enrolment-progress.tsx"],
  },
  {
    file: "teach/enrolment.tsx",
    path: () => `/teach/enrolments/${ids.enrolment}`,
    params: () => ({ enrolmentId: ids.enrolment! }),
    who: "educator",
  },
  {
    file: "courses/course.tsx",
    path: () => `/courses/${ids.courseSlug}`,
    params: () => ({ slug: ids.courseSlug! }),
    who: "learner",
  },
  {
    file: "admin/course-review.tsx",
    path: () => `/admin/courses/${ids.course}`,
    params: () => ({ courseId: ids.course! }),
    who: "admin",
  },
  {
    file: "author/index.tsx",
    path: () => "/author",
    params: () => ({}),
    who: "educator",
    components: ["components/authoring/course-fields.tsx"],
  },
  {
    file: "author/course.tsx",
    path: () => `/author/${ids.course}`,
    params: () => ({ courseId: ids.course! }),
    who: "educator",
    components: ["components/authoring/course-fields.tsx", "components/authoring/parts.tsx"],
  },
  {
    file: "author/lesson-new.tsx",
    path: () => `/author/${ids.course}/lessons/new`,
    params: () => ({ courseId: ids.course! }),
    who: "educator",
    components: ["components/authoring/lesson-editor.tsx"],
  },
  {
    file: "author/lesson.tsx",
    path: () => `/author/${ids.course}/lessons/${ids.lesson}`,
    params: () => ({ courseId: ids.course!, lessonSlug: ids.lesson! }),
    who: "educator",
    components: ["components/authoring/lesson-editor.tsx"],
  },
];

/** The field names and intents a page renders: name="…", form.field("…"), value of intent buttons. */
function formsOf(c: RouteCase) {
  const sources = [path.join("app/routes", c.file), ...(c.components ?? []).map((f) => path.join("app", f))].map((f) =>
    readFileSync(f, "utf8"),
  );
  const names = new Set<string>();
  const intents = new Set<string>();
  for (const src of sources) {
    for (const m of src.matchAll(/\bname="([A-Za-z][\w.[\]-]*)"/g)) if (m[1] !== "intent") names.add(m[1]!);
    for (const m of src.matchAll(/field\("([A-Za-z][\w.[\]-]*)"\)/g)) names.add(m[1]!);
    for (const m of src.matchAll(/name="intent"\s+value="([\w-]+)"/g)) intents.add(m[1]!);
  }
  return { names: [...names], intents: intents.size ? [...intents] : [undefined] };
}

async function nothingWritten() {
  const like = { contains: MARK };
  const [orgs, revisions, modules, lessons, users, codes, cohorts, applications, audit] = await Promise.all([
    prisma.organisation.count({ where: { name: like } }),
    prisma.courseRevision.count({ where: { OR: [{ title: like }, { summary: like }] } }),
    prisma.module.count({ where: { title: like } }),
    prisma.lesson.count({ where: { OR: [{ title: like }, { body: like }] } }),
    prisma.user.count({ where: { displayName: like } }),
    prisma.referralCode.count({ where: { label: like } }),
    prisma.cohort.count({ where: { name: like } }),
    prisma.educatorApplication.count({ where: { statement: like } }),
    prisma.auditEvent.count({
      where: { actorId: { in: [ids.learner!, ids.educator!, ids.admin!] }, action: { notIn: ["auth.login"] } },
    }),
  ]);
  return { orgs, revisions, modules, lessons, users, codes, cohorts, applications, audit };
}

describe("control characters in form fields: 400 with a field message, nothing written", () => {
  test.each(ROUTES.map((r) => [r.file, r] as const))("%s", async (_name, c) => {
    const before = await nothingWritten();
    const { names, intents } = formsOf(c);
    expect(names.length, `${c.file} renders no fields?`).toBeGreaterThan(0);
    for (const intent of intents) {
      for (const bad of BAD) {
        const form: Record<string, string> = Object.fromEntries(names.map((n) => [n, bad]));
        if (intent) form.intent = intent;
        const mod = (await import(`#app/routes/${c.file}`)) as { action: (args: unknown) => unknown };
        const outcome = await run(() =>
          mod.action({ request: makeRequest(c.path(), { cookie: cookies[c.who], form }), params: c.params(), context }),
        );
        expect(outcome.status, `${c.file} intent=${intent} ${JSON.stringify(bad)}`).toBe(400);
        if (c.page && outcome.kind === "thrown") continue;
        const result =
          outcome.kind === "ok" ? (outcome.data as { result?: { error?: Record<string, string[]> } }).result : undefined;
        const messages = Object.values(result?.error ?? {}).flat();
        expect(messages, `${c.file} intent=${intent}: a field says why`).toContain("reason.request.control_characters");
        // What is shown again has no control character left.
        expect(JSON.stringify(result)).not.toMatch(/\\u000[0-8]|\\u001b|\\u007f/);
      }
    }
    expect(await nothingWritten()).toEqual(before);
  });
});

describe("control characters in URLs", () => {
  test("in a route parameter: a 400 page, never a 500", async () => {
    const review = await import("#app/routes/admin/course-review.tsx");
    const outcome = await run(() =>
      review.loader({
        request: makeRequest("/admin/courses/a%00b", { cookie: cookies.admin }),
        params: { courseId: "a\u0000b" },
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "thrown", status: 400 });
    const course = await import("#app/routes/courses/course.tsx");
    const page = await run(() =>
      course.loader({ request: makeRequest("/courses/a%00b"), params: { slug: "a\u0000b" }, context } as never),
    );
    expect(page).toMatchObject({ kind: "thrown", status: 400 });
    // The dashboards' resource routes and cohort page (issue 8): a file download is refused the same way.
    const offline = await import("#app/routes/learn/offline.ts");
    expect(
      await run(() =>
        offline.loader({
          request: makeRequest(`/learn/${ids.enrolment}/offline/a%00b`, { cookie: cookies.learner }),
          params: { enrolmentId: ids.enrolment!, moduleId: "a\u0000b" },
          context,
        } as never),
      ),
    ).toMatchObject({ kind: "thrown", status: 400 });
    // A stored file's download and a submission's grading page (issue 8, item 5).
    const download = await import("#app/routes/files.ts");
    expect(
      await run(() =>
        download.loader({
          request: makeRequest("/files/a%00b", { cookie: cookies.learner }),
          params: { fileId: "a\u0000b" },
          context,
        } as never),
      ),
    ).toMatchObject({ kind: "thrown", status: 400 });
    const grading = await import("#app/routes/teach/submission.tsx");
    expect(
      await run(() =>
        grading.loader({
          request: makeRequest("/teach/submissions/a%00b", { cookie: cookies.educator }),
          params: { submissionId: "a\u0000b" },
          context,
        } as never),
      ),
    ).toMatchObject({ kind: "thrown", status: 400 });
    for (const file of ["teach/cohort.tsx", "teach/gradebook-csv.ts"]) {
      const mod = (await import(`#app/routes/${file}`)) as { loader: (args: unknown) => unknown };
      const outcome = await run(() =>
        mod.loader({
          request: makeRequest("/teach/cohorts/a%00b", { cookie: cookies.educator }),
          params: { cohortId: "a\u0000b" },
          context,
        }),
      );
      expect(outcome, file).toMatchObject({ kind: "thrown", status: 400 });
    }
  });

  test("in a search query: stripped, the search still runs", async () => {
    const catalog = await import("#app/routes/courses/index.tsx");
    const outcome = await run(() =>
      catalog.loader({ request: makeRequest("/courses?q=a%00b&level=%07"), params: {}, context } as never),
    );
    expect(outcome.status).toBe(200);
    const users = await import("#app/routes/admin/users.tsx");
    const found = await run(() =>
      users.loader({
        request: makeRequest("/admin/users?email=a%00b%40example.test", { cookie: cookies.admin }),
        params: {},
        context,
      } as never),
    );
    expect(found.status).toBe(200);
  });
});

describe("actions that read no field (log out, quick exit): a body with control characters changes nothing", () => {
  test.each([
    ["logout.tsx", "/logout"],
    ["exit.ts", "/exit"],
  ])("%s still ends the session and redirects, never a 400 or a 500", async (file, url) => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const mod = (await import(`#app/routes/${file}`)) as { action: (args: unknown) => unknown };
    const outcome = await run(() =>
      mod.action({ request: makeRequest(url, { cookie, form: { x: BAD[0]! } }), params: {}, context }),
    );
    expect(outcome).toMatchObject({ kind: "thrown" });
    expect([302, 303]).toContain(outcome.status);
    expect(await prisma.session.count({ where: { userId: learner.id } })).toBe(0);
  });
});
