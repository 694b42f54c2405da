// Admin actions a person can trust (issue 7, item 9), through the routes as React Router calls them:
// destructive actions are confirmed (a post without `confirm=yes` only asks, and changes nothing, so a
// forged single post does nothing), a revoked referral code can be reinstated, duplicate organisation
// names are refused on the field, invitations show their address and can be resent or withdrawn, and
// referral links are absolute. ADR 015.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, test } from "vitest";
import { findOpenInvitation } from "#app/modules/identity/queries.server.ts";
import * as adminCourseReview from "#app/routes/admin/course-review.tsx";
import * as adminEducators from "#app/routes/admin/educators.tsx";
import * as adminInvitations from "#app/routes/admin/invitations.tsx";
import * as adminOrganisations from "#app/routes/admin/organisations.tsx";
import * as adminCodes from "#app/routes/admin/referral-codes.tsx";
import * as adminUser from "#app/routes/admin/user.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { courseFingerprint, createCourseInReview, createPublishedCourse, reviewedVersion } from "#tests/course-factories.ts";
import {
  createAdmin,
  createApprovedEducator,
  createInvitation,
  createLearner,
  createOrganisation,
  createReferralCode,
  createSuspendedEducator,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

let admin: { id: string; cookie: string };

beforeAll(async () => {
  const user = await createAdmin();
  admin = { id: user.id, cookie: await sessionCookieFor(user.id) };
});

type Handler = (args: never) => unknown;
const post = (fn: Handler, path: string, form: Record<string, string>, params: Record<string, string> = {}) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: admin.cookie, form }), params, context }));
const get = (fn: Handler, path: string, params: Record<string, string> = {}) =>
  run(() => (fn as (args: unknown) => unknown)({ request: makeRequest(path, { cookie: admin.cookie }), params, context }));

type Reply = {
  result: { initialValue?: Record<string, unknown>; error?: Record<string, string[]> };
  reason?: string;
  params?: object;
};
const reply = (outcome: { data?: unknown }) => outcome.data as Reply;

/** The first post of a confirmed action: the question (428) with the submitted values, nothing written. */
function expectQuestion(outcome: Awaited<ReturnType<typeof post>>, values: Record<string, string>, params: object) {
  expect(outcome).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required", params } });
  expect(reply(outcome).result.initialValue).toMatchObject(values);
}

const auditRows = (action: string, entityId: string) => prisma.auditEvent.count({ where: { action, entityId } });

describe("confirmed actions: the first post asks, only the confirmed post acts", () => {
  test("revoking a referral code, then reinstating it", async () => {
    const code = await createReferralCode({ label: "East office" });
    const form = { intent: "revoke-code", codeId: code.id };
    expectQuestion(await post(adminCodes.action, "/admin/referral-codes", form), form, { label: "East office" });
    // A forged post with anything but "yes" is a bad request, not a revocation.
    const forged = await post(adminCodes.action, "/admin/referral-codes", { ...form, confirm: "true" });
    expect(forged).toMatchObject({ kind: "ok", status: 400 });
    expect(reply(forged).result.error).toEqual({ confirm: ["form.invalid"] });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).toBeNull();
    expect(await auditRows("referral_code.revoked", code.id)).toBe(0);

    const done = await post(adminCodes.action, "/admin/referral-codes", { ...form, confirm: "yes" });
    expect(done).toMatchObject({ kind: "thrown", status: 302, location: "/admin/referral-codes?done=revoked" });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).not.toBeNull();
    const page = await get(adminCodes.loader, "/admin/referral-codes?done=revoked");
    const row = (page.data as { codes: Array<{ id: string; state: string; reinstatable: boolean }> }).codes.find(
      (c) => c.id === code.id,
    );
    expect(row).toMatchObject({ state: "revoked", reinstatable: true });

    const back = await post(adminCodes.action, "/admin/referral-codes", { intent: "reinstate-code", codeId: code.id });
    expect(back).toMatchObject({ kind: "thrown", status: 302, location: "/admin/referral-codes?done=reinstated" });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).toBeNull();
    expect(await auditRows("referral_code.reinstated", code.id)).toBe(1);
  });

  test("an expired code cannot be reinstated: a clear 409 on the page, nothing changes", async () => {
    const code = await createReferralCode({ revoked: true, expiresAt: new Date(Date.now() - 60_000) });
    const outcome = await post(adminCodes.action, "/admin/referral-codes", { intent: "reinstate-code", codeId: code.id });
    expect(outcome).toMatchObject({ kind: "ok", status: 409, data: { reason: "referral_code.expired" } });
    expect(reply(outcome).result.error).toEqual({ "": ["reason.referral_code.expired"] });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).not.toBeNull();
  });

  test("granting and revoking a role", async () => {
    const target = await createLearner({ displayName: "Kestrel Moor" });
    const path = `/admin/users/${target.id}`;
    const params = { userId: target.id };
    const grant = { intent: "grant", role: "verifier" };
    expectQuestion(await post(adminUser.action, path, grant, params), grant, { name: "Kestrel Moor", role: "verifier" });
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(0);
    expect(await post(adminUser.action, path, { ...grant, confirm: "yes" }, params)).toMatchObject({
      status: 302,
      location: `${path}?done=grant`,
    });
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(1);

    await sessionCookieFor(target.id);
    const revoke = { intent: "revoke", role: "verifier" };
    expectQuestion(await post(adminUser.action, path, revoke, params), revoke, { role: "verifier" });
    // Asking ends nothing: the role and the person's session stay.
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(1);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(1);
    await post(adminUser.action, path, { ...revoke, confirm: "yes" }, params);
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(0);
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
    expect(await auditRows("role.revoked", target.id)).toBe(1);
  });

  test("suspending and reinstating an educator", async () => {
    const educator = await createApprovedEducator({ displayName: "Ines Okafor" });
    const form = { intent: "suspend", userId: educator.id, reason: "Complaint under review" };
    expectQuestion(await post(adminEducators.action, "/admin/educators", form), form, { name: "Ines Okafor" });
    const suspendedAt = async () =>
      (await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: educator.id } })).suspendedAt;
    expect(await suspendedAt()).toBeNull();
    await post(adminEducators.action, "/admin/educators", { ...form, confirm: "yes" });
    expect(await suspendedAt()).toBeInstanceOf(Date);

    const suspended = await createSuspendedEducator({ displayName: "Jon Arvid" });
    const back = { intent: "reinstate", userId: suspended.id, reason: "Cleared" };
    expectQuestion(await post(adminEducators.action, "/admin/educators", back), back, { name: "Jon Arvid" });
    expect(await auditRows("educator.reinstated", suspended.id)).toBe(0);
    await post(adminEducators.action, "/admin/educators", { ...back, confirm: "yes" });
    expect(await auditRows("educator.reinstated", suspended.id)).toBe(1);
  });

  test("publishing and archiving a course", async () => {
    const course = await createCourseInReview({ title: "Wave optics", modules: 1, lessons: 2 });
    const path = `/admin/courses/${course.id}`;
    const params = { courseId: course.id };
    const publish = { intent: "publish", ...(await reviewedVersion(course.id)), publishReason: "Read in full" };
    const before = await courseFingerprint(course.id);
    expectQuestion(await post(adminCourseReview.action, path, publish, params), publish, { title: "Wave optics" });
    expect(await courseFingerprint(course.id)).toBe(before);
    expect(await post(adminCourseReview.action, path, { ...publish, confirm: "yes" }, params)).toMatchObject({
      location: `${path}?done=published`,
    });

    const archive = { intent: "archive", archiveReason: "Superseded" };
    const published = await courseFingerprint(course.id);
    expectQuestion(await post(adminCourseReview.action, path, archive, params), archive, { title: "Wave optics" });
    expect(await courseFingerprint(course.id)).toBe(published);
    expect(await post(adminCourseReview.action, path, { ...archive, confirm: "yes" }, params)).toMatchObject({
      location: `${path}?done=archived`,
    });
    expect((await prisma.course.findUniqueOrThrow({ where: { id: course.id } })).archivedAt).toBeInstanceOf(Date);
  });

  test("withdrawing an invitation", async () => {
    const invitation = await createInvitation();
    const form = { intent: "revoke-invitation", invitationId: invitation.id };
    expectQuestion(await post(adminInvitations.action, "/admin/invitations", form), form, { email: invitation.email });
    expect((await findOpenInvitation(invitation.token))?.id).toBe(invitation.id);
    expect(await post(adminInvitations.action, "/admin/invitations", { ...form, confirm: "yes" })).toMatchObject({
      location: "/admin/invitations?done=revoked",
    });
    expect(await findOpenInvitation(invitation.token)).toBeNull();
  });

  test("a question is never asked of someone who may not act, nor about what cannot happen", async () => {
    const learner = await createLearner();
    const learnerCookie = await sessionCookieFor(learner.id);
    const code = await createReferralCode({});
    const outcome = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", {
          cookie: learnerCookie,
          form: { intent: "revoke-code", codeId: code.id },
        }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "thrown", status: 403 });
    const published = await createPublishedCourse({ modules: 1, lessons: 1 });
    await post(
      adminCourseReview.action,
      `/admin/courses/${published.id}`,
      { intent: "archive", archiveReason: "x", confirm: "yes" },
      { courseId: published.id },
    );
    const again = await post(
      adminCourseReview.action,
      `/admin/courses/${published.id}`,
      { intent: "archive", archiveReason: "x" },
      { courseId: published.id },
    );
    expect(again).toMatchObject({ kind: "ok", status: 409, data: { reason: "course.archived" } });
  });
});

describe("organisations: one name, one organisation", () => {
  test("a name that differs only in case, spacing or accents is a 409 on the name field, with what was typed", async () => {
    const token = [...randomBytes(6)].map((b) => String.fromCharCode(97 + (b % 26))).join("");
    const base = `Quayside Relief ${token} Fund`;
    const first = await post(adminOrganisations.action, "/admin/organisations", {
      intent: "create-organisation",
      kind: "ngo",
      name: base,
    });
    expect(first).toMatchObject({ kind: "thrown", status: 302, location: "/admin/organisations?done=created" });
    for (const name of [base.toUpperCase(), ` ${base.replaceAll(" ", "  ")} `, base.replace("e", "é")]) {
      const outcome = await post(adminOrganisations.action, "/admin/organisations", {
        intent: "create-organisation",
        kind: "sponsor",
        name,
      });
      expect(outcome).toMatchObject({ kind: "ok", status: 409, data: { reason: "organisation.name_taken" } });
      expect(reply(outcome).result.error).toEqual({ name: ["reason.organisation.name_taken"] });
      expect(reply(outcome).result.initialValue).toMatchObject({ name, kind: "sponsor" });
    }
  });
});

describe("invitations: address, state, resend", () => {
  test("the list shows each invitation's address and state; a resend replaces the link", async () => {
    const open = await createInvitation();
    const accepted = await createInvitation({ state: "accepted" });
    const expired = await createInvitation({ state: "expired" });
    const withdrawn = await createInvitation();
    await prisma.invitation.update({ where: { id: withdrawn.id }, data: { revokedAt: new Date() } });
    const page = await get(adminInvitations.loader, "/admin/invitations");
    const rows = (page.data as { invitations: Array<{ id: string; email: string; state: string }> }).invitations;
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(open.id)).toMatchObject({ email: open.email, state: "open" });
    expect(byId.get(accepted.id)).toMatchObject({ email: accepted.email, state: "accepted" });
    expect(byId.get(expired.id)).toMatchObject({ state: "expired" });
    expect(byId.get(withdrawn.id)).toMatchObject({ state: "revoked" });

    const resent = await post(adminInvitations.action, "/admin/invitations", {
      intent: "resend-invitation",
      invitationId: expired.id,
    });
    expect(resent).toMatchObject({ kind: "thrown", status: 302, location: "/admin/invitations?done=resent" });
    const row = await prisma.invitation.findUniqueOrThrow({ where: { id: expired.id } });
    expect(row.lastSentAt).toBeInstanceOf(Date);
    expect(row.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await findOpenInvitation(expired.token)).toBeNull();
    expect(await prisma.outboxEmail.count({ where: { to: expired.email } })).toBe(1);

    const refused = await post(adminInvitations.action, "/admin/invitations", {
      intent: "resend-invitation",
      invitationId: accepted.id,
    });
    expect(refused).toMatchObject({ kind: "ok", status: 409, data: { reason: "invitation.already_accepted" } });
    expect(await prisma.outboxEmail.count({ where: { to: accepted.email } })).toBe(0);
  });
});

describe("referral links", () => {
  test("a new code is shown with its absolute sign-up link", async () => {
    const ngo = await createOrganisation({ kind: "ngo" });
    const outcome = await post(adminCodes.action, "/admin/referral-codes", {
      intent: "create-code",
      ngoId: ngo.id,
      label: "Harbour desk",
      maxUses: "3",
      expiresInDays: "10",
    });
    const created = (outcome.data as { created: { code: string; signupLink: string } }).created;
    expect(created.signupLink).toBe(`${new URL(getEnv().APP_ORIGIN).origin}/signup?code=${created.code}`);
  });
});
