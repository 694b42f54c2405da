// The members page of a sponsor organisation (/sponsor/orgs/:orgId/members, issue 10), called as React
// Router calls it, with real sessions and a real database: its loader and each of its actions tried by
// every kind of stranger against the first organisation's id, an owner's invitation accepted with the
// right role in the organisation, bad input re-rendered with 400 and field messages, and the confirmed
// remove / withdraw buttons.
import { beforeAll, describe, expect, test } from "vitest";
import * as adminInvitations from "#app/routes/admin/invitations.tsx";
import * as invite from "#app/routes/invite.tsx";
import * as members from "#app/routes/sponsor/members.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createSponsorMember, createUser, createVerifier, uniqueEmail } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const path = (orgId: string) => `/sponsor/orgs/${orgId}/members`;
const get = (orgId: string, cookie?: string, query = "") =>
  run(() => members.loader({ request: makeRequest(`${path(orgId)}${query}`, { cookie }), params: { orgId }, context } as never));
const post = (orgId: string, cookie: string | undefined, form: Record<string, string>) =>
  run(() => members.action({ request: makeRequest(path(orgId), { cookie, form }), params: { orgId }, context } as never));

type Page = {
  org: { id: string; name: string };
  canManage: boolean;
  members: Array<{ userId: string; email: string | null; orgRole: string; displayName: string | null }>;
  invitations: Array<{ id: string; email: string; orgRole: string }>;
};
const pageOf = (outcome: unknown) => (outcome as { data: Page }).data;
const errorsOf = (outcome: unknown) =>
  (outcome as { data?: { result?: { error?: Record<string, string[]> } } }).data?.result?.error;

/** A sponsor organisation with an owner and a plain member, and their cookies. */
async function sponsorOrg() {
  const owner = await createSponsorMember();
  await prisma.membership.update({
    where: { userId_orgId: { userId: owner.id, orgId: owner.orgId } },
    data: { orgRole: "owner" },
  });
  const member = await createSponsorMember({ orgId: owner.orgId });
  return {
    orgId: owner.orgId,
    owner: { ...owner, cookie: await sessionCookieFor(owner.id) },
    member: { ...member, cookie: await sessionCookieFor(member.id) },
  };
}

let org: Awaited<ReturnType<typeof sponsorOrg>>;
let adminCookie = "";
/** Everyone who must not reach the first organisation: the status each gets from its loader and actions. */
const strangers: Array<{ who: string; cookie: string | undefined; loader: number; action: number }> = [];

beforeAll(async () => {
  org = await sponsorOrg();
  adminCookie = await sessionCookieFor((await createAdmin()).id);
  const other = await sponsorOrg();
  strangers.push(
    { who: "an owner of another sponsor organisation", cookie: other.owner.cookie, loader: 404, action: 404 },
    { who: "a member of another sponsor organisation", cookie: other.member.cookie, loader: 404, action: 404 },
    { who: "a learner", cookie: await sessionCookieFor((await createLearner()).id), loader: 404, action: 404 },
    {
      who: "an educator",
      cookie: await sessionCookieFor((await createUser({ roles: ["educator"] })).id),
      loader: 404,
      action: 404,
    },
    { who: "a verifier", cookie: await sessionCookieFor((await createVerifier()).id), loader: 404, action: 404 },
    // A plain member reads the page, but changes nothing; an admin too (admins invite at /admin/invitations).
    { who: "a plain member", cookie: org.member.cookie, loader: 200, action: 403 },
    { who: "an admin", cookie: adminCookie, loader: 200, action: 403 },
  );
});

describe("tenant isolation by id", () => {
  test("the loader: strangers get 404, anonymous visitors go to log in; the page holds nothing of the organisation", async () => {
    for (const s of strangers) {
      const outcome = await get(org.orgId, s.cookie);
      expect(outcome.status, s.who).toBe(s.loader);
      if (s.loader === 404) expect(JSON.stringify(outcome), s.who).not.toContain(org.owner.email);
    }
    const anonymous = await get(org.orgId);
    expect(anonymous).toMatchObject({ kind: "thrown", status: 302 });
    expect((anonymous as { location: string }).location).toMatch(/^\/login\?redirectTo=/);
  });

  test("every action: strangers get 404 or 403, anonymous visitors go to log in, and nothing changes", async () => {
    const email = uniqueEmail("probe");
    const open = await post(org.orgId, org.owner.cookie, { intent: "invite", email: uniqueEmail("open"), orgRole: "member" });
    expect(open).toMatchObject({ kind: "thrown", status: 302 });
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { orgId: org.orgId }, orderBy: { createdAt: "desc" } });
    const forms: Array<Record<string, string>> = [
      { intent: "invite", email, orgRole: "owner" },
      { intent: "remove-member", userId: org.member.id, confirm: "yes" },
      { intent: "remove-member", userId: org.owner.id, confirm: "yes" },
      { intent: "revoke-invitation", invitationId: invitation.id, confirm: "yes" },
    ];
    for (const form of forms) {
      for (const s of strangers) {
        const outcome = await post(org.orgId, s.cookie, form);
        expect(outcome.status, `${s.who}: ${form.intent}`).toBe(s.action);
      }
      const anonymous = await post(org.orgId, undefined, form);
      expect(anonymous, `anonymous: ${form.intent}`).toMatchObject({ kind: "thrown", status: 302 });
      expect((anonymous as { location: string }).location).toMatch(/^\/login/);
    }
    expect(await prisma.invitation.count({ where: { email } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
    expect(await prisma.membership.count({ where: { orgId: org.orgId } })).toBe(2);
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).toBeNull();
  });

  test("a malformed or unknown organisation id is 404 for everyone", async () => {
    for (const orgId of ["not an id", "c0000000000000000000000"]) {
      expect((await get(orgId, org.owner.cookie)).status).toBe(404);
      expect((await post(orgId, org.owner.cookie, { intent: "invite", email: uniqueEmail(), orgRole: "member" })).status).toBe(
        404,
      );
    }
  });
});

describe("the owner's page", () => {
  test("an owner sees members and open invitations and may manage; a plain member sees them and may not", async () => {
    const asOwner = pageOf(await get(org.orgId, org.owner.cookie));
    expect(asOwner.canManage).toBe(true);
    expect(asOwner.members.map((m) => [m.email, m.orgRole])).toEqual([
      [org.owner.email, "owner"],
      [org.member.email, "member"],
    ]);
    const asMember = pageOf(await get(org.orgId, org.member.cookie));
    expect(asMember.canManage).toBe(false);
    expect(asMember.members).toHaveLength(2);
  });

  test("an owner's invitation, accepted by an account, gives the chosen role in the organisation", async () => {
    const mine = await sponsorOrg();
    // Someone with an account already (a sponsor staff member, say, of no organisation yet).
    const person = await createUser({ roles: ["sponsor"] });
    const sent = await post(mine.orgId, mine.owner.cookie, { intent: "invite", email: person.email, orgRole: "owner" });
    expect(sent).toMatchObject({ kind: "thrown", status: 302, location: `${path(mine.orgId)}?done=sent` });
    expect(await get(mine.orgId, mine.owner.cookie, "?done=sent")).toMatchObject({ data: { done: "sent" } });
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { orgId: mine.orgId, email: person.email } });
    expect(invitation).toMatchObject({ role: "sponsor", orgRole: "owner" });
    const page = pageOf(await get(mine.orgId, mine.owner.cookie));
    expect(page.invitations.map((i) => [i.email, i.orgRole])).toEqual([[person.email, "owner"]]);

    // The person opens the link (the token from the email) and joins with their account.
    const mail = await prisma.outboxEmail.findFirstOrThrow({ where: { to: person.email } });
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    const personCookie = await sessionCookieFor(person.id);
    const joined = await run(() =>
      invite.action({
        request: makeRequest(`/invite/${token}`, { cookie: personCookie, form: { intent: "join" } }),
        params: { token },
        context,
      } as never),
    );
    expect(joined).toMatchObject({ kind: "thrown", status: 303, location: "/sponsor" });
    expect(
      (await prisma.membership.findUniqueOrThrow({ where: { userId_orgId: { userId: person.id, orgId: mine.orgId } } })).orgRole,
    ).toBe("owner");
    const after = pageOf(await get(mine.orgId, mine.owner.cookie));
    expect(after.invitations).toEqual([]);
    expect(after.members.find((m) => m.userId === person.id)).toMatchObject({ orgRole: "owner" });
  });

  test("the admins' invitation form chooses the role in a sponsor organisation: owner unless member is chosen", async () => {
    const adminPost = (form: Record<string, string>) =>
      run(() =>
        adminInvitations.action({
          request: makeRequest("/admin/invitations", { cookie: adminCookie, form }),
          params: {},
          context,
        } as never),
      );
    for (const [orgRole, expected] of [
      ["member", "member"],
      ["owner", "owner"],
      [undefined, "owner"],
    ] as const) {
      const email = uniqueEmail("admin-invite");
      const sent = await adminPost({ intent: "invite", email, orgId: org.orgId, ...(orgRole ? { orgRole } : {}) });
      expect(sent).toMatchObject({ kind: "thrown", status: 302 });
      expect((await prisma.invitation.findFirstOrThrow({ where: { email } })).orgRole).toBe(expected);
    }
    const bad = await adminPost({ intent: "invite", email: uniqueEmail(), orgId: org.orgId, orgRole: "boss" });
    expect(bad).toMatchObject({ kind: "ok", status: 400 });
    expect(errorsOf(bad)).toMatchObject({ orgRole: ["form.choose_option"] });
  });

  test("bad input is re-rendered with 400 and field messages, the values kept", async () => {
    const outcome = await post(org.orgId, org.owner.cookie, { intent: "invite", email: "not-an-email", orgRole: "boss" });
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect(errorsOf(outcome)).toMatchObject({ email: ["form.email_invalid"], orgRole: ["form.choose_option"] });
    expect((outcome as { data: { result: { initialValue: Record<string, string> } } }).data.result.initialValue).toMatchObject({
      email: "not-an-email",
    });
    const empty = await post(org.orgId, org.owner.cookie, { intent: "invite", email: "", orgRole: "member" });
    expect(empty).toMatchObject({ kind: "ok", status: 400 });
    expect(errorsOf(empty)).toMatchObject({ email: ["form.required"] });
  });

  test("inviting an address with an open invitation is a 409 message on the email field", async () => {
    const mine = await sponsorOrg();
    const email = uniqueEmail("again");
    await post(mine.orgId, mine.owner.cookie, { intent: "invite", email, orgRole: "member" });
    const again = await post(mine.orgId, mine.owner.cookie, { intent: "invite", email, orgRole: "member" });
    expect(again).toMatchObject({ kind: "ok", status: 409 });
    expect(errorsOf(again)).toMatchObject({ email: ["reason.organisation.already_invited"] });
  });

  test("remove and withdraw ask first (428 with the person or address), then act; the last owner stays", async () => {
    const mine = await sponsorOrg();
    const ask = await post(mine.orgId, mine.owner.cookie, { intent: "remove-member", userId: mine.member.id });
    expect(ask).toMatchObject({
      kind: "ok",
      status: 428,
      data: { reason: "confirmation.required", params: { name: mine.member.email } },
    });
    expect(await prisma.membership.count({ where: { orgId: mine.orgId } })).toBe(2);
    const removed = await post(mine.orgId, mine.owner.cookie, {
      intent: "remove-member",
      userId: mine.member.id,
      confirm: "yes",
    });
    expect(removed).toMatchObject({ kind: "thrown", status: 302, location: `${path(mine.orgId)}?done=removed` });
    // The removed member no longer reaches the page.
    expect((await get(mine.orgId, mine.member.cookie)).status).toBe(404);

    const last = await post(mine.orgId, mine.owner.cookie, { intent: "remove-member", userId: mine.owner.id, confirm: "yes" });
    expect(last).toMatchObject({ kind: "ok", status: 409, data: { reason: "organisation.last_owner" } });

    const email = uniqueEmail("withdraw");
    await post(mine.orgId, mine.owner.cookie, { intent: "invite", email, orgRole: "member" });
    const invitation = await prisma.invitation.findFirstOrThrow({ where: { orgId: mine.orgId, email } });
    const askRevoke = await post(mine.orgId, mine.owner.cookie, { intent: "revoke-invitation", invitationId: invitation.id });
    expect(askRevoke).toMatchObject({ kind: "ok", status: 428, data: { params: { email } } });
    const revoked = await post(mine.orgId, mine.owner.cookie, {
      intent: "revoke-invitation",
      invitationId: invitation.id,
      confirm: "yes",
    });
    expect(revoked).toMatchObject({ kind: "thrown", status: 302, location: `${path(mine.orgId)}?done=revoked` });
    expect((await prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).revokedAt).not.toBeNull();
  });
});
