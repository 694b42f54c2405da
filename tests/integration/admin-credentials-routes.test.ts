// The admin's credentials page (/admin/credentials, issue 9): the list of issued credentials with its
// filter, revocation with a reason, key rotation and marking a key compromised, each confirmed (ADR 015),
// called as React Router calls the route, with real sessions and a real database.
import { beforeAll, describe, expect, test } from "vitest";
import { rotateIssuerKey } from "#app/modules/credentials/rotate-issuer-key.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import * as page from "#app/routes/admin/credentials.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { issuedCredential } from "#tests/credential-issuance-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

let admin = { id: "", cookie: "" };
beforeAll(async () => {
  const user = await createAdmin();
  admin = { id: user.id, cookie: await sessionCookieFor(user.id) };
});

const get = (cookie: string, path = "/admin/credentials") =>
  run(() => page.loader({ request: makeRequest(path, { cookie }), params: {}, context } as never));
const post = (cookie: string, form: Record<string, string>, path = "/admin/credentials") =>
  run(() => page.action({ request: makeRequest(path, { cookie, form }), params: {}, context } as never));

type Reply = { result: { initialValue?: Record<string, unknown>; error?: Record<string, string[]> }; reason?: string };
const reply = (outcome: { data?: unknown }) => outcome.data as Reply;
type PageData = Awaited<ReturnType<typeof page.loader>>;
const pageData = (outcome: { data?: unknown }) => outcome.data as PageData;

const revocation = (id: string) =>
  prisma.credential.findUniqueOrThrow({ where: { id }, select: { revokedAt: true, revocationReason: true } });
const auditRows = (action: string, entityId: string) => prisma.auditEvent.count({ where: { action, entityId } });

async function nonAdmins() {
  const people = [await createLearner(), await createApprovedEducator(), await createSponsorMember(), await createVerifier()];
  return Promise.all(people.map(async (p) => ({ id: p.id, cookie: await sessionCookieFor(p.id) })));
}

describe("who may use the page", () => {
  test("a learner, an educator, a sponsor and a verifier get 403 from its loader and from each of its actions", async () => {
    const c = await issuedCredential();
    const keyId = c.credential.keyId;
    for (const person of await nonAdmins()) {
      expect(await get(person.cookie)).toMatchObject({ kind: "thrown", status: 403 });
      const forms: Array<Record<string, string>> = [
        { intent: "revoke", credentialId: c.credentialId, reason: "Issued in error", confirm: "yes" },
        { intent: "rotate", confirm: "yes" },
        { intent: "compromise", keyId, compromisedAt: "2020-01-01T00:00", confirm: "yes" },
      ];
      for (const form of forms) {
        expect(await post(person.cookie, form)).toMatchObject({ kind: "thrown", status: 403 });
      }
    }
    expect(await revocation(c.credentialId)).toEqual({ revokedAt: null, revocationReason: null });
    expect(await auditRows("credential.revoked", c.credentialId)).toBe(0);
    expect(await auditRows("issuer_key.compromised", keyId)).toBe(0);
  });

  test("a visitor is sent to log in", async () => {
    expect(
      await run(() => page.loader({ request: makeRequest("/admin/credentials"), params: {}, context } as never)),
    ).toMatchObject({
      kind: "thrown",
      status: 302,
    });
  });
});

describe("the list", () => {
  test("shows the credential by id and course, filters by course and status, and carries nothing of the learner", async () => {
    const c = await issuedCredential();
    const outcome = await get(admin.cookie, `/admin/credentials?course=${c.course.slug}`);
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    const data = pageData(outcome);
    expect(data.filter).toEqual({ course: c.course.slug, status: "" });
    expect(data.credentials.map((x) => x.id)).toEqual([c.credentialId]);
    expect(data.credentials[0]).toMatchObject({ courseSlug: c.course.slug, achievementName: c.course.title, revokedAt: null });
    expect(data.keys.some((k) => k.id === c.credential.keyId)).toBe(true);
    const text = JSON.stringify(data);
    for (const value of [c.learner.id, c.learner.username, c.learner.displayName, c.learner.email, c.enrolmentId]) {
      expect(text).not.toContain(value);
    }
    const revoked = pageData(await get(admin.cookie, `/admin/credentials?course=${c.course.slug}&status=revoked`));
    expect(revoked.credentials).toEqual([]);
    expect(revoked.filter).toEqual({ course: c.course.slug, status: "revoked" });
    // A hand-edited state is no filter.
    expect(pageData(await get(admin.cookie, "/admin/credentials?status=lost")).filter.status).toBe("");
  });
});

describe("revoking", () => {
  test("a reason that is missing, too short or too long: 400 with the field's message, nothing written", async () => {
    const c = await issuedCredential();
    for (const [reason, message] of [
      ["", "form.required"],
      ["no", "credentials_admin.reason_required"],
      ["x".repeat(501), "form.too_long"],
    ] as const) {
      for (const confirm of [{}, { confirm: "yes" }] as Array<Record<string, string>>) {
        const outcome = await post(admin.cookie, { intent: "revoke", credentialId: c.credentialId, reason, ...confirm });
        expect(outcome).toMatchObject({ kind: "ok", status: 400 });
        expect(reply(outcome).result.error).toEqual({ reason: [message] });
      }
    }
    expect(await revocation(c.credentialId)).toEqual({ revokedAt: null, revocationReason: null });
    expect(await auditRows("credential.revoked", c.credentialId)).toBe(0);
  });

  test("the first post asks (428, naming the course); Confirm revokes and comes back with the filter and a status; again is a 409 message", async () => {
    const c = await issuedCredential();
    const path = `/admin/credentials?course=${c.course.slug}`;
    const form = { intent: "revoke", credentialId: c.credentialId, reason: "  Issued to the wrong cohort  " };
    const question = await post(admin.cookie, form, path);
    expect(question).toMatchObject({
      kind: "ok",
      status: 428,
      data: { reason: "confirmation.required", params: { course: c.course.slug } },
    });
    expect(reply(question).result.initialValue).toMatchObject(form);
    expect(await revocation(c.credentialId)).toEqual({ revokedAt: null, revocationReason: null });
    // A forged confirmation that is not "yes" is a bad request, not a revocation.
    const forged = await post(admin.cookie, { ...form, confirm: "true" }, path);
    expect(forged).toMatchObject({ kind: "ok", status: 400 });
    expect(reply(forged).result.error).toEqual({ confirm: ["form.invalid"] });
    expect(await auditRows("credential.revoked", c.credentialId)).toBe(0);

    const done = await post(admin.cookie, { ...form, confirm: "yes" }, path);
    expect(done).toMatchObject({
      kind: "thrown",
      status: 302,
      location: `/admin/credentials?course=${c.course.slug}&done=revoked`,
    });
    expect(await revocation(c.credentialId)).toEqual({
      revokedAt: expect.any(Date),
      revocationReason: "Issued to the wrong cohort",
    });
    expect(await auditRows("credential.revoked", c.credentialId)).toBe(1);
    const after = pageData(await get(admin.cookie, `${path}&done=revoked`));
    expect(after.done).toBe("revoked");
    expect(after.credentials[0]).toMatchObject({ id: c.credentialId, revocationReason: "Issued to the wrong cohort" });

    const again = await post(admin.cookie, { ...form, confirm: "yes" }, path);
    expect(again).toMatchObject({ kind: "ok", status: 409, data: { reason: "credential.already_revoked" } });
    expect(reply(again).result.error).toEqual({ "": ["reason.credential.already_revoked"] });
    expect(await auditRows("credential.revoked", c.credentialId)).toBe(1);
  });

  test("an unknown credential is a 404 page; an unknown intent a 400 page", async () => {
    const unknown = await post(admin.cookie, {
      intent: "revoke",
      credentialId: "00000000-0000-4000-8000-000000000000",
      reason: "Issued in error",
      confirm: "yes",
    });
    expect(unknown).toMatchObject({ kind: "thrown", status: 404 });
    expect(await post(admin.cookie, { intent: "delete-everything" })).toMatchObject({ kind: "thrown", status: 400 });
  });
});

describe("the keys", () => {
  test("rotating: asks first, then a new current key and a status", async () => {
    await issuedCredential();
    const before = await prisma.auditEvent.count({ where: { action: "issuer_key.rotated", actorId: admin.id } });
    const question = await post(admin.cookie, { intent: "rotate" });
    expect(question).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect(await prisma.auditEvent.count({ where: { action: "issuer_key.rotated", actorId: admin.id } })).toBe(before);
    expect(await post(admin.cookie, { intent: "rotate", confirm: "yes" })).toMatchObject({
      kind: "thrown",
      status: 302,
      location: "/admin/credentials?done=rotated",
    });
    expect(await prisma.auditEvent.count({ where: { action: "issuer_key.rotated", actorId: admin.id } })).toBe(before + 1);
    const keys = pageData(await get(admin.cookie, "/admin/credentials?done=rotated")).keys;
    expect(keys.filter((k) => k.status === "current")).toHaveLength(1);
    expect(keys.some((k) => k.status === "retired")).toBe(true);
  });

  test("marking compromised: a future moment is refused on the field (400), a bad one too; a past one asks, then is done", async () => {
    // A key of this test's own (the issuer's keys are shared by every test file of the database).
    const { keyId } = await rotateIssuerKey(await actorFor(admin.id), { confirm: "yes" });
    const future = new Date(Date.now() + 86_400_000).toISOString().slice(0, 16);
    const refused = await post(admin.cookie, { intent: "compromise", keyId, compromisedAt: future, confirm: "yes" });
    expect(refused).toMatchObject({ kind: "ok", status: 400, data: { reason: "issuer_key.compromise_date_invalid" } });
    expect(reply(refused).result.error).toEqual({ compromisedAt: ["reason.issuer_key.compromise_date_invalid"] });
    expect(reply(refused).result.initialValue).toMatchObject({ keyId, compromisedAt: future });
    // Not a moment, or a day that does not exist (JavaScript alone would read 31 February as 3 March).
    for (const compromisedAt of ["yesterday", "2025-02-31T10:00", "2025-01-01T24:30"]) {
      const malformed = await post(admin.cookie, { intent: "compromise", keyId, compromisedAt });
      expect(malformed).toMatchObject({ kind: "ok", status: 400 });
      expect(reply(malformed).result.error).toEqual({ compromisedAt: ["form.invalid"] });
    }
    expect(await auditRows("issuer_key.compromised", keyId)).toBe(0);

    const form = { intent: "compromise", keyId, compromisedAt: "2020-06-01T08:30" };
    const question = await post(admin.cookie, form);
    expect(question).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect(reply(question).result.initialValue).toMatchObject(form);
    expect(await auditRows("issuer_key.compromised", keyId)).toBe(0);
    expect(await post(admin.cookie, { ...form, confirm: "yes" })).toMatchObject({
      kind: "thrown",
      status: 302,
      location: "/admin/credentials?done=compromised",
    });
    const key = await prisma.issuerKey.findUniqueOrThrow({ where: { id: keyId } });
    // The field is read as UTC.
    expect(key).toMatchObject({ status: "compromised", compromisedAt: new Date("2020-06-01T08:30:00Z") });
    expect(await auditRows("issuer_key.compromised", keyId)).toBe(1);

    const again = await post(admin.cookie, { ...form, confirm: "yes" });
    expect(again).toMatchObject({ kind: "ok", status: 409, data: { reason: "issuer_key.already_compromised" } });
    expect(reply(again).result.error).toEqual({ "": ["reason.issuer_key.already_compromised"] });
  });
});
