// Seeds the demo: one account per role, a partner NGO with a referral code, a sponsor organisation and a
// partner university, the sample courses, the learning area (prisma/seed-learning.ts) and sponsorship
// (prisma/seed-sponsorship.ts). Idempotent: every step finds its row by a natural key first, so a second run
// changes nothing. Demo passwords are printed in README.md; they are for a local demo only.
import { parseContent } from "#app/modules/courses/content-parse.server.ts";
import { importCourses } from "#app/modules/courses/import-courses.server.ts";
import { issueMissingCredentials } from "#app/modules/credentials/issue-credential.server.ts";
import { ensureIssuer } from "#app/modules/credentials/issuer.server.ts";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { createProgress } from "#scripts/progress.ts";
import { seedLearning } from "./seed-learning.ts";
import { seedSponsorship } from "./seed-sponsorship.ts";
import { createApprovedEducator, createOrganisation, createReferralCode, createUser } from "#tests/factories.ts";

export const DEMO = {
  ngo: { slug: "safe-harbour-network", name: "Safe Harbour Network" },
  sponsor: { slug: "brightpath-foundation", name: "Brightpath Foundation" },
  university: { slug: "northbridge-university", name: "Northbridge University" },
  referralCode: "WAYS-TONE-DEMO",
  accounts: {
    admin: { username: "admin", email: "admin@waystone.test", displayName: "Programme Admin", password: "Admin-demo-pass-2026" },
    learner: { username: "river", email: "learner@waystone.test", displayName: "River", password: "Learner-demo-pass-2026" },
    educator: {
      username: "amara",
      email: "educator@waystone.test",
      displayName: "Dr. Amara",
      password: "Educator-demo-pass-2026",
    },
    verifier: {
      username: "registrar-lee",
      email: "verifier@waystone.test",
      displayName: "Registrar Lee",
      password: "Verifier-demo-pass-2026",
    },
    sponsor: {
      username: "brightpath",
      email: "sponsor@waystone.test",
      displayName: "Brightpath Giving",
      password: "Sponsor-demo-pass-2026",
    },
  },
} as const;

export async function seed() {
  const progress = createProgress(9, "Seeding");
  let created = 0;
  let present = 0;
  const count = (c: boolean) => (c ? (created += 1) : (present += 1));

  const ngo = await createOrganisation({ kind: "ngo", ...DEMO.ngo });
  count(ngo.created);
  progress.tick("partner NGO");
  const sponsorOrg = await createOrganisation({ kind: "sponsor", ...DEMO.sponsor });
  count(sponsorOrg.created);
  progress.tick("sponsor organisation");
  const university = await createOrganisation({ kind: "institution", ...DEMO.university });
  count(university.created);
  progress.tick("partner university");

  const a = DEMO.accounts;
  const admin = await createUser({ ...a.admin, roles: ["admin"] });
  count(admin.created);
  progress.tick("admin");
  const learner = await createUser({ ...a.learner, roles: ["learner"] });
  count(learner.created);
  progress.tick("learner");
  const educator = await createApprovedEducator(a.educator);
  count(educator.created);
  progress.tick("educator");
  const verifier = await createUser({ ...a.verifier, roles: ["verifier"], orgIds: [university.id] });
  count(verifier.created);
  progress.tick("verifier");
  // The demo sponsor owns its organisation: it can invite members (/sponsor/orgs/…/members).
  const sponsor = await createUser({ ...a.sponsor, roles: ["sponsor"], orgIds: [sponsorOrg.id], orgRole: "owner" });
  count(sponsor.created);
  progress.tick("sponsor");
  const code = await createReferralCode({
    code: DEMO.referralCode,
    ngoId: ngo.id,
    maxUses: 1000,
    expiresAt: new Date("2030-01-01T00:00:00Z"),
    createdById: admin.id,
    label: "Demo code",
  });
  count(code.created);
  progress.tick("referral code");
  progress.finish(`Seed complete: ${created} created, ${present} already present.`);

  // The sample courses in content/, imported by the admin with the demo educator as their co-author
  // (idempotent: unchanged courses and existing co-authors are left alone).
  const { courses, errors } = parseContent("content");
  if (errors.length) throw new Error(`content/ has errors:\n${errors.map((e) => `${e.file}:${e.line} ${e.message}`).join("\n")}`);
  const courseProgress = createProgress(courses.length, "Importing courses");
  const summary = await importCourses(
    await actorFor(admin.id),
    { courses, coAuthorIds: [educator.id] },
    { onProgress: (c, outcome) => courseProgress.tick(`${c.slug} (${outcome})`) },
  );
  courseProgress.finish(`Courses: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged.`);

  // The learning area: cohorts the demo educator teaches, one completed course, one in progress and one
  // waitlist request for the demo learner (prisma/seed-learning.ts).
  const learningProgress = createProgress(4, "Learning demo");
  const learningCreated = await seedLearning(
    {
      admin: await actorFor(admin.id),
      learner: await actorFor(learner.id),
      educatorId: educator.id,
      // After the cohorts exist: the educator's actor carries the cohorts they teach.
      educator: () => actorFor(educator.id),
    },
    learningProgress,
  );
  learningProgress.finish(`Learning demo: ${learningCreated} created.`);

  // Sponsorship: a seat price for every demo course, and learners waiting for a place in an open cohort
  // of one of them, so the demo sponsor's seats are allocated (prisma/seed-sponsorship.ts).
  const sponsorshipProgress = createProgress(3, "Sponsorship demo");
  const sponsorshipCreated = await seedSponsorship(
    { admin: await actorFor(admin.id) },
    courses.map((c) => c.slug),
    sponsorshipProgress,
  );
  sponsorshipProgress.finish(`Sponsorship demo: ${sponsorshipCreated} created.`);

  // The issuer (its profile and first Ed25519 key) and a credential for every completed course, so the
  // demo learner has one to share and verify (idempotent: a completion with a credential is skipped).
  const credentialProgress = createProgress(2, "Credentials");
  await ensureIssuer();
  credentialProgress.tick("issuer and key");
  const issued = await issueMissingCredentials();
  credentialProgress.tick(`${issued} issued`);
  credentialProgress.finish(`Credentials: ${issued} issued.`);
  return {
    created,
    present,
    courses: summary,
    learning: learningCreated,
    sponsorship: sponsorshipCreated,
    credentials: issued,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { ensureDatabase } = await import("#app/utils/embedded-db.server.ts");
  const { getEnv } = await import("#app/utils/env.server.ts");
  const { disconnectDb } = await import("#app/utils/db.server.ts");
  const db = await ensureDatabase(getEnv().DATA_DIR);
  try {
    await seed();
  } finally {
    await disconnectDb();
    await db.stop();
  }
}
