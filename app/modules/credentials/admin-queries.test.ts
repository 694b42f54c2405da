import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { queryCounter } from "#app/utils/db.server.ts";
import { completionCourse, issuedCredential } from "#tests/credential-issuance-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "#tests/factories.ts";
import {
  ADMIN_CREDENTIALS_LIMIT,
  listCredentialsForAdmin,
  listIssuerKeysForAdmin,
  parseCredentialFilter,
} from "./admin-queries.server.ts";
import { revokeCredential } from "./revoke-credential.server.ts";

async function counted<T>(run: () => Promise<T>) {
  const before = queryCounter.count;
  const value = await run();
  return { value, queries: queryCounter.count - before };
}

const admin = async () => actorFor((await createAdmin()).id);

describe("the admin's credential list", () => {
  test("shows a credential by id, course, name, dates and key, and nothing of its learner", async () => {
    const c = await issuedCredential();
    const actor = await admin();
    const { value: list } = await counted(() => listCredentialsForAdmin(actor, { course: c.course.slug }));
    expect(list.credentials).toEqual([
      {
        id: c.credentialId,
        courseSlug: c.course.slug,
        achievementName: c.course.title,
        issuedAt: expect.any(Date),
        revokedAt: null,
        revocationReason: null,
        keyFragment: expect.stringMatching(/^key-/),
      },
    ]);
    expect(list.courses).toContainEqual({ slug: c.course.slug, count: 1 });
    const text = JSON.stringify(list);
    for (const value of [c.learner.id, c.learner.username, c.learner.displayName, c.learner.email, c.enrolmentId]) {
      expect(text).not.toContain(value);
    }
  });

  test("filters by course and by state, newest first", async () => {
    const course = await completionCourse();
    const older = await issuedCredential({ course });
    const newer = await issuedCredential({ course });
    const actor = await admin();
    await revokeCredential(actor, { credentialId: older.credentialId, reason: "Issued in error", confirm: "yes" });
    const all = await listCredentialsForAdmin(actor, { course: course.slug });
    expect(new Set(all.credentials.map((c) => c.id))).toEqual(new Set([newer.credentialId, older.credentialId]));
    // Newest first: by issue time (whole seconds), then by creation (two issued in one second keep their order).
    expect(all.credentials.map((c) => c.id)).toEqual([newer.credentialId, older.credentialId]);
    const revoked = await listCredentialsForAdmin(actor, { course: course.slug, status: "revoked" });
    expect(revoked.credentials).toEqual([
      expect.objectContaining({ id: older.credentialId, revokedAt: expect.any(Date), revocationReason: "Issued in error" }),
    ]);
    const valid = await listCredentialsForAdmin(actor, { course: course.slug, status: "valid" });
    expect(valid.credentials.map((c) => c.id)).toEqual([newer.credentialId]);
    expect((await listCredentialsForAdmin(actor, { course: "no-such-course" })).credentials).toEqual([]);
    expect(all.credentials.length).toBeLessThanOrEqual(ADMIN_CREDENTIALS_LIMIT);
  });

  test("the query string is read leniently: an unknown state or an empty course is no filter", () => {
    expect(parseCredentialFilter(new URLSearchParams("course=intro-stats&status=revoked"))).toEqual({
      course: "intro-stats",
      status: "revoked",
    });
    expect(parseCredentialFilter(new URLSearchParams("course=%20&status=lost"))).toEqual({});
    expect(parseCredentialFilter(new URLSearchParams(`course=${"x".repeat(500)}`)).course).toHaveLength(120);
  });

  test("its query count and the key list's do not grow with the number of credentials or keys", async () => {
    const actor = await admin();
    const course = await completionCourse();
    await issuedCredential({ course });
    // One course's list: the whole list is capped, and other test files on a shared database fill it.
    const few = await counted(() => listCredentialsForAdmin(actor, { course: course.slug }));
    const fewKeys = await counted(() => listIssuerKeysForAdmin(actor));
    for (let i = 0; i < 4; i++) await issuedCredential({ course });
    const { rotateIssuerKey } = await import("./rotate-issuer-key.server.ts");
    await rotateIssuerKey(actor, { confirm: "yes" });
    await issuedCredential({ course });
    const many = await counted(() => listCredentialsForAdmin(actor, { course: course.slug }));
    const manyKeys = await counted(() => listIssuerKeysForAdmin(actor));
    expect(many.value.credentials.length).toBeGreaterThan(few.value.credentials.length);
    expect(manyKeys.value.length).toBeGreaterThan(fewKeys.value.length);
    expect(many.queries).toBe(few.queries);
    expect(manyKeys.queries).toBe(fewKeys.queries);
    expect(many.queries).toBeLessThanOrEqual(2);
    expect(manyKeys.queries).toBeLessThanOrEqual(2);
  });
});

describe("the admin's key list", () => {
  test("every key, newest first, with its status, dates and how many credentials it signed", async () => {
    const actor = await admin();
    const c = await issuedCredential();
    const keys = await listIssuerKeysForAdmin(actor);
    const signer = keys.find((k) => k.id === c.credential.keyId);
    expect(signer).toMatchObject({ fragment: expect.stringMatching(/^key-/), createdAt: expect.any(Date) });
    expect(signer!.credentials).toBeGreaterThanOrEqual(1);
    const times = keys.map((k) => k.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(keys.filter((k) => k.status === "current")).toHaveLength(1);
  });

  test("only admins read either list", async () => {
    const actors = [
      await actorFor((await createLearner()).id),
      await actorFor((await createApprovedEducator()).id),
      await actorFor((await createSponsorMember()).id),
      await actorFor((await createVerifier()).id),
    ];
    for (const actor of actors) {
      await expect(listCredentialsForAdmin(actor, {})).rejects.toMatchObject({ reason: "permission.denied" });
      await expect(listIssuerKeysForAdmin(actor)).rejects.toMatchObject({ reason: "permission.denied" });
    }
  });
});
