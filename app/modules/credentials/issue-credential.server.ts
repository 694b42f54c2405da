// Issuance on completion (ADR 026): the `enrolment.completed` job, written in the completion's own
// transaction by learning's completeEnrolment, calls issueCredential. The job is retried, and a back-fill
// (issueMissingCredentials) covers anything a job could not do, so a completion never loses its credential.
import { randomUUID } from "node:crypto";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { getAchievementFacts } from "#app/modules/courses/achievement-facts.server.ts";
import { getCompletionRecord, listCompletedEnrolmentIds } from "#app/modules/learning/completion-record.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { prisma, type Prisma, uniqueViolation } from "#app/utils/db.server.ts";
import { notify } from "#app/utils/mailer.server.ts";
import { ensureIssuer, getIssuerProfile, getSigningKey, holdIssuer } from "./issuer.server.ts";
import { allocateStatusIndex, statusListUrl } from "./status-lists.server.ts";
import { achievementCriteria } from "./achievement-text.ts";
import { buildOpenBadgeCredential } from "./vc/open-badge.ts";
import { signCredential } from "./vc/sign.server.ts";

/** Where the learner's notice of a new credential points. */
export const WALLET_PATH = "/wallet";

export function credentialUrl(credentialId: string): string {
  return `${getEnv().APP_ORIGIN}/credentials/${credentialId}`;
}

export type IssueResult = { issued: boolean; credentialId: string | null };

/**
 * A system operation (no actor). Issues the Open Badges 3.0 credential of a completed enrolment, once:
 * the Credential row's unique enrolmentId decides, so a job delivered twice, or two workers at the same
 * moment, end with one credential (the second finds the first). An enrolment that is not completed issues
 * nothing. One transaction: the status index, the signed document, the audit row and the learner's
 * neutral notice.
 */
export async function issueCredential(enrolmentId: string): Promise<IssueResult> {
  const existing = await prisma.credential.findUnique({ where: { enrolmentId }, select: { id: true } });
  if (existing) return { issued: false, credentialId: existing.id };
  await ensureIssuer();
  try {
    return await prisma.$transaction(async (tx) => {
      const record = await getCompletionRecord(enrolmentId, tx);
      if (!record) return { issued: false, credentialId: null };
      const facts = await getAchievementFacts(record.revisionId, tx);
      if (!facts) return { issued: false, credentialId: null };
      // The key as a rotation or a compromise at this moment leaves it (they wait for this transaction).
      await holdIssuer(tx);
      const profile = await getIssuerProfile(tx);
      const key = await getSigningKey(tx);
      const slot = await allocateStatusIndex(tx);
      const id = randomUUID();
      const origin = getEnv().APP_ORIGIN;
      const issuedAt = new Date(Math.floor(Date.now() / 1000) * 1000);
      const unsigned = buildOpenBadgeCredential({
        id: credentialUrl(id),
        name: facts.title,
        issuer: profile,
        validFrom: issuedAt,
        subjectId: `urn:uuid:${randomUUID()}`,
        achievement: {
          id: `${origin}/courses/${facts.slug}#achievement-r${facts.revisionNumber}`,
          name: facts.title,
          description: facts.summary,
          criteria: achievementCriteria(facts),
          creditsAvailable: facts.credits,
          fieldOfStudy: facts.subject,
          inLanguage: facts.language,
          passMark: facts.passMark,
        },
        creditsEarned: record.credits,
        grade: record.finalGrade,
        status: { listUrl: statusListUrl(slot.statusListId), index: slot.statusIndex },
      });
      const document = await signCredential(unsigned, key, { created: issuedAt });
      await tx.credential.create({
        data: {
          id,
          enrolmentId,
          learnerId: record.learnerId,
          courseSlug: facts.slug,
          creditUnit: record.creditUnit,
          document: document as Prisma.InputJsonObject,
          keyId: key.keyId,
          statusListId: slot.statusListId,
          statusIndex: slot.statusIndex,
          issuedAt,
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: null,
        action: "credential.issued",
        entityType: "credential",
        entityId: id,
        data: { enrolmentId, course: facts.slug, keyId: key.keyId },
      });
      await notify(tx, record.learnerId, WALLET_PATH);
      return { issued: true, credentialId: id };
    });
  } catch (error) {
    // Another worker issued it a moment ago (enrolmentId), or took the same random index: the first holds.
    if (uniqueViolation(error)?.model === "Credential") {
      const row = await prisma.credential.findUnique({ where: { enrolmentId }, select: { id: true } });
      if (row) return { issued: false, credentialId: row.id };
    }
    throw error;
  }
}

/**
 * The back-fill: every completed enrolment without a credential gets one (run at set-up and every quarter
 * hour by the job queue). Walks the completions in pages, so its cost does not grow with one big query.
 */
export async function issueMissingCredentials(options: { onProgress?: (done: number) => void } = {}): Promise<number> {
  let after: string | undefined;
  let issued = 0;
  for (;;) {
    const ids = await listCompletedEnrolmentIds({ limit: 200, after });
    if (ids.length === 0) return issued;
    after = ids[ids.length - 1];
    const have = new Set(
      (await prisma.credential.findMany({ where: { enrolmentId: { in: ids } }, select: { enrolmentId: true } })).map(
        (c) => c.enrolmentId,
      ),
    );
    for (const id of ids) {
      if (have.has(id)) continue;
      if ((await issueCredential(id)).issued) issued++;
      options.onProgress?.(issued);
    }
  }
}
