import { describe, expect, test } from "vitest";
import { getPool, prisma } from "#app/utils/db.server.ts";
import { drainJobs, jobsSchema, listJobs } from "#app/utils/jobs.server.ts";
import { activeEnrolment, completedEnrolment, completionCourse } from "#tests/credential-issuance-fixtures.ts";
import { credentialUrl, issueCredential, issueMissingCredentials, WALLET_PATH } from "./issue-credential.server.ts";
import { issuerDid } from "./issuer.server.ts";
import { statusListUrl } from "./status-lists.server.ts";
import { OB_SCHEMA_URL, OB_V3_CONTEXT, VC_V2_CONTEXT, type OpenBadgeCredential } from "./vc/open-badge.ts";
import type { Signed } from "./vc/sign.server.ts";
import { validateOpenBadgeShape } from "./vc/schema.server.ts";

const credentialsOf = (enrolmentId: string) => prisma.credential.findMany({ where: { enrolmentId } });
const issuedAudits = (credentialId: string) =>
  prisma.auditEvent.count({ where: { action: "credential.issued", entityId: credentialId } });
/** Every `credential.issued` row about this enrolment, whatever credential it names. */
const issuedAuditsForEnrolment = (enrolmentId: string) =>
  prisma.auditEvent.count({ where: { action: "credential.issued", data: { path: ["enrolmentId"], equals: enrolmentId } } });
const walletNotices = (userId: string) => prisma.inAppNotice.count({ where: { userId, path: WALLET_PATH } });

describe("issuance on completion", () => {
  test("completing an enrolment queues the job; running it issues exactly one credential, audited, with a notice", async () => {
    const f = await completedEnrolment();
    const queued = (await listJobs("enrolment.completed")).filter((j) => j.data.enrolmentId === f.enrolmentId);
    expect(queued).toHaveLength(1);
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(0);

    await drainJobs();
    const [credential, ...others] = await credentialsOf(f.enrolmentId);
    expect(others).toHaveLength(0);
    expect(credential).toMatchObject({
      learnerId: f.learner.id,
      courseSlug: f.course.slug,
      revokedAt: null,
      kind: "achievement",
    });
    expect(await issuedAudits(credential!.id)).toBe(1);
    expect(await walletNotices(f.learner.id)).toBe(1);

    // Running the queue again, or the job delivered a second time, changes nothing.
    await drainJobs();
    expect(await issueCredential(f.enrolmentId)).toEqual({ issued: false, credentialId: credential!.id });
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(1);
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(1);
    expect(await walletNotices(f.learner.id)).toBe(1);
  });

  test("issuing twice gives one credential and one audit row", async () => {
    const f = await completedEnrolment();
    const first = await issueCredential(f.enrolmentId);
    expect(first).toMatchObject({ issued: true, credentialId: expect.any(String) });
    expect(await issueCredential(f.enrolmentId)).toEqual({ issued: false, credentialId: first.credentialId });
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(1);
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(1);
    expect(await walletNotices(f.learner.id)).toBe(1);
  });

  // On PostgreSQL the five really overlap (the unique enrolmentId decides); on PGlite they take turns.
  test("five issuances at the same moment give one credential, one audit row and one notice", async () => {
    const f = await completedEnrolment();
    const results = await Promise.all(Array.from({ length: 5 }, () => issueCredential(f.enrolmentId)));
    expect(results.filter((r) => r.issued)).toHaveLength(1);
    const rows = await credentialsOf(f.enrolmentId);
    expect(rows).toHaveLength(1);
    expect(new Set(results.map((r) => r.credentialId))).toEqual(new Set([rows[0]!.id]));
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(1);
    expect(await walletNotices(f.learner.id)).toBe(1);
  });

  test("an enrolment that is not completed, or does not exist, issues nothing", async () => {
    const f = await activeEnrolment();
    expect(await issueCredential(f.enrolmentId)).toEqual({ issued: false, credentialId: null });
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(0);
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(0);
    expect(await walletNotices(f.learner.id)).toBe(0);
    expect(await issueCredential("c_no_such_enrolment_0000")).toEqual({ issued: false, credentialId: null });
  });
});

describe("the issued document", () => {
  test("is an Open Badges 3.0 credential that names nothing of the learner", async () => {
    const f = await completedEnrolment();
    const { credentialId } = await issueCredential(f.enrolmentId);
    const row = await prisma.credential.findUniqueOrThrow({ where: { id: credentialId! } });
    const key = await prisma.issuerKey.findUniqueOrThrow({ where: { id: row.keyId } });
    const doc = row.document as unknown as Signed<OpenBadgeCredential>;
    const text = JSON.stringify(doc).toLowerCase();
    // Nothing that identifies the learner, in any field, in any form we store.
    for (const value of [f.learner.username, f.learner.displayName, f.learner.email, f.learner.id, f.enrolmentId]) {
      expect(text).not.toContain(value.toLowerCase());
    }
    expect(text).not.toContain("marisol");

    // Exactly the two contexts of the issue (vc/open-badge.ts: the schema's type is VC 2.0's JsonSchema).
    expect(doc["@context"]).toEqual([VC_V2_CONTEXT, OB_V3_CONTEXT]);
    expect(doc.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(doc.id).toBe(credentialUrl(row.id));
    expect(doc.name).toBe(f.course.title);
    expect(doc.issuer).toMatchObject({ id: issuerDid(), type: ["Profile"], name: expect.any(String), url: expect.any(String) });
    expect(doc.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(new Date(doc.validFrom).getTime()).toBe(row.issuedAt.getTime());

    const subject = doc.credentialSubject;
    expect(subject.type).toEqual(["AchievementSubject"]);
    expect(subject.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    expect(subject.achievement).toMatchObject({
      id: expect.stringContaining(`/courses/${f.course.slug}#achievement`),
      type: ["Achievement"],
      name: f.course.title,
      description: expect.any(String),
      criteria: { narrative: expect.any(String) },
      creditsAvailable: 5,
      fieldOfStudy: expect.any(String),
      inLanguage: "en",
    });
    expect(subject.creditsEarned).toBe(5);
    expect(subject.result).toEqual([expect.objectContaining({ type: ["Result"], value: "100" })]);

    expect(doc.credentialStatus).toEqual({
      id: `${statusListUrl(row.statusListId)}#${row.statusIndex}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(row.statusIndex),
      statusListCredential: statusListUrl(row.statusListId),
    });
    expect(typeof doc.credentialStatus.statusListIndex).toBe("string");
    expect(doc.credentialSchema).toEqual([expect.objectContaining({ id: OB_SCHEMA_URL })]);

    expect(Array.isArray(doc.proof)).toBe(true);
    expect(doc.proof).toHaveLength(1);
    expect(doc.proof[0]).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-rdfc-2022",
      proofPurpose: "assertionMethod",
      verificationMethod: `${issuerDid()}#${key.fragment}`,
      proofValue: expect.stringMatching(/^z[1-9A-HJ-NP-Za-km-z]+$/),
    });
    // The official OB 3.0 JSON Schema accepts it.
    expect(validateOpenBadgeShape(doc)).toEqual({ valid: true, errors: [] });
  });
});

describe("the back-fill", () => {
  test("a completion whose job was lost gets its credential from issueMissingCredentials, once", async () => {
    const f = await completedEnrolment();
    // The job is gone (as if it had failed every retry and been cleaned up).
    await getPool().query(`DELETE FROM ${jobsSchema()}.job WHERE name = 'enrolment.completed' AND data->>'enrolmentId' = $1`, [
      f.enrolmentId,
    ]);
    await drainJobs();
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(0);

    // Other completions of a shared database may be filled too: at least this one.
    expect(await issueMissingCredentials()).toBeGreaterThanOrEqual(1);
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(1);
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(1);
    await issueMissingCredentials();
    expect(await credentialsOf(f.enrolmentId)).toHaveLength(1);
    expect(await issuedAuditsForEnrolment(f.enrolmentId)).toBe(1);
  });
});

describe("status indexes", () => {
  test("20 credentials get 20 distinct indexes, spread over their list", async () => {
    const course = await completionCourse();
    const enrolments: string[] = [];
    for (let i = 0; i < 20; i++) enrolments.push((await completedEnrolment({ course })).enrolmentId);
    await drainJobs();
    const rows = await prisma.credential.findMany({
      where: { enrolmentId: { in: enrolments } },
      select: { statusListId: true, statusIndex: true, document: true },
    });
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => `${r.statusListId}:${r.statusIndex}`)).size).toBe(20);
    // Drawn at random: 20 indexes in a row, or in issue order, would say when each was given.
    const indexes = rows.map((r) => r.statusIndex);
    expect(Math.max(...indexes) - Math.min(...indexes)).toBeGreaterThan(1000);
    const sizes = new Map(
      (await prisma.statusList.findMany({ where: { id: { in: rows.map((r) => r.statusListId) } } })).map((l) => [l.id, l.size]),
    );
    for (const r of rows) {
      expect(r.statusIndex).toBeGreaterThanOrEqual(0);
      expect(r.statusIndex).toBeLessThan(sizes.get(r.statusListId)!);
      expect((r.document as { credentialStatus: { statusListIndex: string } }).credentialStatus.statusListIndex).toBe(
        String(r.statusIndex),
      );
    }
  }, 120_000);
});
