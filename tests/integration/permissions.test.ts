// The permission matrix of the foundation issue: every protected loader and action, called as React
// Router calls it, for every role and for an anonymous visitor, against a real database.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminApplications from "#app/routes/admin/applications.tsx";
import * as adminAudit from "#app/routes/admin/audit.tsx";
import * as adminIndex from "#app/routes/admin/index.tsx";
import * as adminInvitations from "#app/routes/admin/invitations.tsx";
import * as adminLayout from "#app/routes/admin/layout.tsx";
import * as adminOrganisations from "#app/routes/admin/organisations.tsx";
import * as adminOutbox from "#app/routes/admin/outbox.tsx";
import * as adminCodes from "#app/routes/admin/referral-codes.tsx";
import * as adminUser from "#app/routes/admin/user.tsx";
import * as adminUsers from "#app/routes/admin/users.tsx";
import * as learn from "#app/routes/learn.tsx";
import * as partner from "#app/routes/partner.tsx";
import * as settings from "#app/routes/settings.tsx";
import * as sponsor from "#app/routes/sponsor.tsx";
import * as teach from "#app/routes/teach.tsx";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createEducatorApplicant,
  createLearner,
  createOrganisation,
  createReferralCode,
  createSponsorMember,
  createVerifier,
} from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Who = "anonymous" | "learner" | "educator" | "verifier" | "sponsor" | "admin";
const ROLES: Who[] = ["anonymous", "learner", "educator", "verifier", "sponsor", "admin"];
const cookies = {} as Record<Who, string | undefined>;
const ids = {} as Record<Who, string>;
let ngoId: string;
let sponsorOrgId: string;

beforeAll(async () => {
  const learner = await createLearner();
  const educator = await createEducatorApplicant();
  const verifier = await createVerifier();
  const sponsorUser = await createSponsorMember();
  const admin = await createAdmin();
  ngoId = (await createOrganisation({ kind: "ngo" })).id;
  sponsorOrgId = sponsorUser.orgId;
  for (const [who, u] of Object.entries({ learner, educator, verifier, sponsor: sponsorUser, admin }) as [
    Who,
    { id: string },
  ][]) {
    ids[who] = u.id;
    cookies[who] = await sessionCookieFor(u.id);
  }
  cookies.anonymous = undefined;
});

type Page = { name: string; path: string; loader: (args: never) => unknown; allowed: Who[]; params?: Record<string, string> };

const PAGES: Page[] = [
  { name: "/learn", path: "/learn", loader: learn.loader, allowed: ["learner"] },
  { name: "/teach", path: "/teach", loader: teach.loader, allowed: ["educator"] },
  { name: "/sponsor", path: "/sponsor", loader: sponsor.loader, allowed: ["sponsor"] },
  { name: "/partner", path: "/partner", loader: partner.loader, allowed: ["verifier"] },
  {
    name: "/settings",
    path: "/settings",
    loader: settings.loader,
    allowed: ["learner", "educator", "verifier", "sponsor", "admin"],
  },
  { name: "/admin (layout)", path: "/admin", loader: adminLayout.loader, allowed: ["admin"] },
  { name: "/admin", path: "/admin", loader: adminIndex.loader, allowed: ["admin"] },
  { name: "/admin/users", path: "/admin/users", loader: adminUsers.loader, allowed: ["admin"] },
  { name: "/admin/organisations", path: "/admin/organisations", loader: adminOrganisations.loader, allowed: ["admin"] },
  { name: "/admin/referral-codes", path: "/admin/referral-codes", loader: adminCodes.loader, allowed: ["admin"] },
  { name: "/admin/invitations", path: "/admin/invitations", loader: adminInvitations.loader, allowed: ["admin"] },
  { name: "/admin/applications", path: "/admin/applications", loader: adminApplications.loader, allowed: ["admin"] },
  { name: "/admin/audit", path: "/admin/audit", loader: adminAudit.loader, allowed: ["admin"] },
  { name: "/admin/outbox", path: "/admin/outbox", loader: adminOutbox.loader, allowed: ["admin"] },
];

describe.each(PAGES)("loader $name", (page) => {
  test.each(ROLES)("%s", async (who) => {
    const request = makeRequest(page.path, { cookie: cookies[who] });
    const loader = page.loader as (args: unknown) => unknown;
    const outcome = await run(() => loader({ request, params: page.params ?? {}, context }));
    if (who === "anonymous") {
      expect(outcome).toMatchObject({ kind: "thrown", status: 302 });
      expect(outcome.kind === "thrown" && outcome.location).toMatch(/^\/login\?redirectTo=/);
    } else if (page.allowed.includes(who)) {
      expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    } else {
      expect(outcome).toMatchObject({ kind: "thrown", status: 403 });
    }
  });
});

test("admin user page: only admins, and an unknown id is a 404", async () => {
  for (const who of ROLES) {
    const request = makeRequest(`/admin/users/${ids.learner}`, { cookie: cookies[who] });
    const outcome = await run(() => adminUser.loader({ request, params: { userId: ids.learner }, context } as never));
    const expected = who === "anonymous" ? 302 : who === "admin" ? 200 : 403;
    expect(outcome.status, who).toBe(expected);
  }
  const missing = await run(() =>
    adminUser.loader({
      request: makeRequest("/admin/users/nope", { cookie: cookies.admin }),
      params: { userId: "nope" },
      context,
    } as never),
  );
  expect(missing).toMatchObject({ kind: "thrown", status: 404 });
});

describe("admin actions are refused to everyone but admins, and change nothing when refused", () => {
  test.each(ROLES.filter((r) => r !== "admin"))("%s cannot create an organisation", async (who) => {
    const name = `Refused org ${who} ${Date.now()}`;
    const request = makeRequest("/admin/organisations", {
      cookie: cookies[who],
      form: { intent: "create-organisation", kind: "sponsor", name },
    });
    const outcome = await run(() => adminOrganisations.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject(
      who === "anonymous" ? { status: 302 } : { kind: "thrown", status: 403, data: { reason: "permission.denied" } },
    );
    expect(await prisma.organisation.count({ where: { name } })).toBe(0);
  });

  test.each(ROLES.filter((r) => r !== "admin"))("%s cannot create a referral code", async (who) => {
    const label = `Refused code ${who} ${Date.now()}`;
    const request = makeRequest("/admin/referral-codes", {
      cookie: cookies[who],
      form: { intent: "create-code", ngoId, label, maxUses: "3", expiresInDays: "5" },
    });
    const outcome = await run(() => adminCodes.action({ request, params: {}, context } as never));
    expect(outcome.status).toBe(who === "anonymous" ? 302 : 403);
    expect(await prisma.referralCode.count({ where: { label } })).toBe(0);
  });

  test.each(ROLES.filter((r) => r !== "admin"))("%s cannot send an invitation", async (who) => {
    const email = `refused-${who}-${Date.now()}@example.test`;
    const request = makeRequest("/admin/invitations", {
      cookie: cookies[who],
      form: { intent: "invite", email, orgId: sponsorOrgId },
    });
    const outcome = await run(() => adminInvitations.action({ request, params: {}, context } as never));
    expect(outcome.status).toBe(who === "anonymous" ? 302 : 403);
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
  });

  test.each(ROLES.filter((r) => r !== "admin"))("%s cannot revoke a referral code or a role", async (who) => {
    const code = await createReferralCode({ ngoId });
    const codes = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", { cookie: cookies[who], form: { intent: "revoke-code", codeId: code.id } }),
        params: {},
        context,
      } as never),
    );
    expect(codes.status).toBe(who === "anonymous" ? 302 : 403);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).revokedAt).toBeNull();
    const roles = await run(() =>
      adminUser.action({
        request: makeRequest(`/admin/users/${ids.admin}`, { cookie: cookies[who], form: { intent: "revoke", role: "admin" } }),
        params: { userId: ids.admin },
        context,
      } as never),
    );
    expect(roles.status).toBe(who === "anonymous" ? 302 : 403);
    expect(await prisma.userRole.count({ where: { userId: ids.admin, role: "admin" } })).toBe(1);
  });

  test.each(ROLES.filter((r) => r !== "admin"))("%s cannot grant a role", async (who) => {
    const request = makeRequest(`/admin/users/${ids.learner}`, {
      cookie: cookies[who],
      form: { intent: "grant", role: "admin" },
    });
    const outcome = await run(() => adminUser.action({ request, params: { userId: ids.learner }, context } as never));
    expect(outcome.status).toBe(who === "anonymous" ? 302 : 403);
    expect(await prisma.userRole.count({ where: { userId: ids.learner, role: "admin" } })).toBe(0);
  });
});

describe("admin actions work for admins and write their audit rows", () => {
  test("create organisation, referral code, invitation; grant and revoke a role", async () => {
    const name = `Allowed org ${Date.now()}`;
    let outcome = await run(() =>
      adminOrganisations.action({
        request: makeRequest("/admin/organisations", {
          cookie: cookies.admin,
          form: { intent: "create-organisation", kind: "institution", name },
        }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "thrown", status: 302 });
    const org = await prisma.organisation.findFirstOrThrow({ where: { name } });
    expect(
      await prisma.auditEvent.count({ where: { action: "organisation.created", entityId: org.id, actorId: ids.admin } }),
    ).toBe(1);

    const label = `Allowed code ${Date.now()}`;
    outcome = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", {
          cookie: cookies.admin,
          form: { intent: "create-code", ngoId, label, maxUses: "2", expiresInDays: "10" },
        }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    const shown = (outcome as { data: { created: { code: string } } }).data.created.code;
    const code = await prisma.referralCode.findFirstOrThrow({ where: { label } });
    expect(code.codeHash).not.toContain(shown.replace(/-/g, ""));
    expect(await prisma.auditEvent.count({ where: { action: "referral_code.created", entityId: code.id } })).toBe(1);

    const email = `invitee-${Date.now()}@example.test`;
    outcome = await run(() =>
      adminInvitations.action({
        request: makeRequest("/admin/invitations", { cookie: cookies.admin, form: { intent: "invite", email, orgId: org.id } }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "thrown", status: 302, location: "/admin/invitations?done=sent" });
    expect(await prisma.invitation.findFirstOrThrow({ where: { email } })).toMatchObject({ role: "verifier", orgId: org.id });

    const target = await createEducatorApplicant();
    const targetCookie = await sessionCookieFor(target.id);
    outcome = await run(() =>
      adminUser.action({
        // Confirmed (ADR 015): the page's "Are you sure?" view posts confirm=yes.
        request: makeRequest(`/admin/users/${target.id}`, {
          cookie: cookies.admin,
          form: { intent: "grant", role: "verifier", confirm: "yes" },
        }),
        params: { userId: target.id },
        context,
      } as never),
    );
    expect(outcome.status).toBe(302);
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "role.granted", entityId: target.id, actorId: ids.admin } })).toBe(1);
    outcome = await run(() =>
      adminUser.action({
        request: makeRequest(`/admin/users/${target.id}`, {
          cookie: cookies.admin,
          form: { intent: "revoke", role: "verifier", confirm: "yes" },
        }),
        params: { userId: target.id },
        context,
      } as never),
    );
    expect(await prisma.userRole.count({ where: { userId: target.id, role: "verifier" } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "role.revoked", entityId: target.id } })).toBe(1);
    // A revoked role applies at once: the person's sessions ended.
    const after = await run(() =>
      teach.loader({ request: makeRequest("/teach", { cookie: targetCookie }), params: {}, context } as never),
    );
    expect(after).toMatchObject({ kind: "thrown", status: 302 });
  });

  test("bad input to admin actions is a 400 with field messages, and nothing is written", async () => {
    // The admin's own audit rows: other test files create organisations on the shared database meanwhile.
    const before = await prisma.auditEvent.count({ where: { actorId: ids.admin, action: "organisation.created" } });
    const outcome = await run(() =>
      adminOrganisations.action({
        request: makeRequest("/admin/organisations", {
          cookie: cookies.admin,
          form: { intent: "create-organisation", kind: "pirates", name: "x".repeat(500) },
        }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect((outcome as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toMatchObject({
      kind: ["form.choose_option"],
      name: ["form.too_long"],
    });
    expect(await prisma.auditEvent.count({ where: { actorId: ids.admin, action: "organisation.created" } })).toBe(before);
    expect(await prisma.organisation.count({ where: { name: { startsWith: "xxxxxxxxxx" } } })).toBe(0);

    const codes = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", {
          cookie: cookies.admin,
          form: { intent: "create-code", ngoId: sponsorOrgId, label: "Not an NGO", maxUses: "0", expiresInDays: "9999" },
        }),
        params: {},
        context,
      } as never),
    );
    expect(codes).toMatchObject({ kind: "ok", status: 400 });
    const unknownNgo = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", {
          cookie: cookies.admin,
          form: { intent: "create-code", ngoId: sponsorOrgId, label: "Not an NGO", maxUses: "1", expiresInDays: "9" },
        }),
        params: {},
        context,
      } as never),
    );
    expect(unknownNgo).toMatchObject({ kind: "ok", status: 400, data: { reason: "referral_code.ngo_required" } });
    expect((unknownNgo as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({
      ngoId: ["reason.referral_code.ngo_required"],
    });
    expect(await prisma.referralCode.count({ where: { label: "Not an NGO" } })).toBe(0);

    const ngoInvite = `ngo-invite-${Date.now()}@example.test`;
    const invite = await run(() =>
      adminInvitations.action({
        request: makeRequest("/admin/invitations", {
          cookie: cookies.admin,
          form: { intent: "invite", email: ngoInvite, orgId: ngoId },
        }),
        params: {},
        context,
      } as never),
    );
    expect(invite).toMatchObject({ kind: "ok", status: 400, data: { reason: "invitation.organisation_invalid" } });
    expect(
      (invite as { data: { result: { error: Record<string, string[]>; initialValue: unknown } } }).data.result,
    ).toMatchObject({
      error: { orgId: ["reason.invitation.organisation_invalid"] },
      initialValue: { email: ngoInvite, orgId: ngoId },
    });
    expect(await prisma.invitation.count({ where: { email: ngoInvite } })).toBe(0);
  });

  test("control characters in an admin form are a 400 on their field, and nothing is written", async () => {
    const label = `Nul label ${Date.now()}`;
    const outcome = await run(() =>
      adminCodes.action({
        request: makeRequest("/admin/referral-codes", {
          cookie: cookies.admin,
          form: { intent: "create-code", ngoId, label: `${label}\u0000`, maxUses: "1", expiresInDays: "9" },
        }),
        params: {},
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect((outcome as { data: { result: { error: Record<string, string[]> } } }).data.result.error.label).toContain(
      "reason.request.control_characters",
    );
    expect(await prisma.referralCode.count({ where: { label: { startsWith: "Nul label" } } })).toBe(0);
  });

  test("granting or revoking a role of an unknown account is a 404", async () => {
    for (const intent of ["grant", "revoke"]) {
      const outcome = await run(() =>
        adminUser.action({
          request: makeRequest("/admin/users/nope", { cookie: cookies.admin, form: { intent, role: "sponsor" } }),
          params: { userId: "nope" },
          context,
        } as never),
      );
      expect(outcome, intent).toMatchObject({ kind: "thrown", status: 404, data: { reason: "not_found" } });
    }
  });

  test("an admin cannot remove their own admin role", async () => {
    const outcome = await run(() =>
      adminUser.action({
        request: makeRequest(`/admin/users/${ids.admin}`, { cookie: cookies.admin, form: { intent: "revoke", role: "admin" } }),
        params: { userId: ids.admin },
        context,
      } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "role.cannot_remove_own_admin" } });
    expect((outcome as { data: { result: { error: Record<string, string[]> } } }).data.result.error).toEqual({
      "": ["reason.role.cannot_remove_own_admin"],
    });
    expect(await prisma.userRole.count({ where: { userId: ids.admin, role: "admin" } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "role.revoked", entityId: ids.admin } })).toBe(0);
  });
});

describe("settings: every signed-in role edits only its own account", () => {
  test.each(ROLES)("%s", async (who) => {
    const request = makeRequest("/settings", {
      cookie: cookies[who],
      form: { intent: "profile", displayName: `Renamed ${who}`, locale: "es" },
    });
    const outcome = await run(() => settings.action({ request, params: {}, context } as never));
    if (who === "anonymous") {
      expect(outcome.status).toBe(302);
      expect(outcome.kind === "thrown" && outcome.location).toMatch(/^\/login/);
      return;
    }
    expect(outcome).toMatchObject({ kind: "thrown", status: 303, location: "/settings?saved=profile" });
    const me = await prisma.user.findUniqueOrThrow({ where: { id: ids[who] } });
    expect(me).toMatchObject({ displayName: `Renamed ${who}`, locale: "es" });
  });
});
