// Credentials for the wallet, share and transcript tests: a completed enrolment (as completeEnrolment
// leaves it: final grade, credits and unit), then the REAL issuance (issueCredential: a signed Open
// Badges 3.0 document, a status index, the audit row), so that what the tests share, print, bundle and
// verify is what a learner would hold. Share links are written as createShareLink leaves them (only the
// SHA-256 of the token stored), for states the operation cannot make (expired, or viewed before).
import { randomBytes } from "node:crypto";
import { issueCredential } from "#app/modules/credentials/issue-credential.server.ts";
import { ensureIssuer } from "#app/modules/credentials/issuer.server.ts";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import { encryptField } from "#app/modules/identity/crypto.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createApprovedEducator, createLearner, createSponsorMember, createVerifier } from "./factories.ts";
import { createCohort, createEnrolment } from "./learning-factories.ts";
import { createGradedCourse } from "./progress-fixtures.ts";

export type IssuedOptions = {
  /** The learner who completed the course (a new learner when absent). */
  learnerId?: string;
  displayName?: string;
  finalGrade?: number;
  credits?: number;
  creditUnit?: "ECTS" | "US";
};

/** A learner's completed course with its issued, signed credential. */
export async function createIssuedCredential(options: IssuedOptions = {}) {
  const learnerId = options.learnerId ?? (await createLearner({ displayName: options.displayName })).id;
  const course = await createGradedCourse();
  const cohort = await createCohort({ courseId: course.courseId });
  const enrolment = await createEnrolment({ learnerId, cohortId: cohort.id });
  await prisma.enrolment.update({
    where: { id: enrolment.id },
    data: {
      status: "completed",
      completedAt: new Date(),
      finalGrade: options.finalGrade ?? 87.5,
      creditsAwarded: options.credits ?? 5,
      creditUnit: options.creditUnit ?? "ECTS",
    },
    select: { id: true },
  });
  await ensureIssuer();
  const issued = await issueCredential(enrolment.id);
  if (!issued.credentialId) throw new Error("the fixture's credential was not issued");
  const credential = await prisma.credential.findUniqueOrThrow({ where: { id: issued.credentialId } });
  return { learnerId, courseId: course.courseId, enrolmentId: enrolment.id, credentialId: credential.id, credential };
}

/** Revokes a credential as revokeCredential leaves it (the status list's version bumped). */
export async function revokeCredentialRow(credentialId: string) {
  const row = await prisma.credential.update({
    where: { id: credentialId },
    data: { revokedAt: new Date(), revocationReason: "test: issued in error" },
    select: { statusListId: true },
  });
  await prisma.statusList.update({ where: { id: row.statusListId }, data: { version: { increment: 1 } }, select: { id: true } });
}

export type ShareOptions = {
  audience?: string;
  nameShown?: "none" | "display" | "legal";
  expiresAt?: Date;
  revokedAt?: Date | null;
  viewCount?: number;
};

/** A share link of a credential with a known token; only its hash is stored, as the operation does. */
export async function createShareRow(credentialId: string, learnerId: string, options: ShareOptions = {}) {
  const token = randomBytes(32).toString("base64url");
  const share = await prisma.shareLink.create({
    data: {
      credentialId,
      learnerId,
      audience: options.audience ?? "Admissions at Northbridge University",
      tokenHash: sha256(token),
      nameShown: options.nameShown ?? "none",
      expiresAt: options.expiresAt ?? new Date(Date.now() + 30 * 86_400_000),
      revokedAt: options.revokedAt ?? null,
      viewCount: options.viewCount ?? 0,
    },
  });
  return { token, share };
}

/** Stores a legal name for a user, with or without consent (as set-legal-name leaves it). */
export async function setLegalNameRow(userId: string, legalName: string, consent: boolean) {
  await prisma.user.update({
    where: { id: userId },
    data: { legalNameCipher: encryptField(legalName), legalNameConsent: consent },
    select: { id: true },
  });
}

/** Everyone who must not manage a learner's credentials or shares, as actors. */
export async function strangers() {
  const [otherLearner, admin, sponsor, educator, verifier] = await Promise.all([
    createLearner(),
    createAdmin(),
    createSponsorMember(),
    createApprovedEducator(),
    createVerifier(),
  ]);
  return {
    otherLearner: await actorFor(otherLearner.id),
    admin: await actorFor(admin.id),
    sponsor: await actorFor(sponsor.id),
    educator: await actorFor(educator.id),
    verifier: await actorFor(verifier.id),
    ids: { otherLearner: otherLearner.id, admin: admin.id, sponsor: sponsor.id, educator: educator.id, verifier: verifier.id },
  };
}
