import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { claimPendingSignup, withPendingConflicts } from "#app/modules/identity/pending-signup.server.ts";
import type { LinkTokenInput } from "#app/modules/identity/schemas.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { ApplicationFields } from "./submit-application.server.ts";

/**
 * The POST behind an application's confirmation link (its GET page changes nothing): identity claims
 * the pending sign-up and makes the account with the confirmed address and the educator role, then the
 * pending application and its audit row are written, with a session, in one transaction. The application
 * grants no access to learners or authoring until an admin approves it. Refusals: `link.unusable`
 * (unknown, used or expired link; an address that got an account meanwhile), `account.username_taken`
 * (taken meanwhile); nothing is written then.
 */
export async function confirmApplication(_context: unknown, input: LinkTokenInput) {
  return withPendingConflicts(() =>
    prisma.$transaction(async (tx) => {
      const claimed = await claimPendingSignup(tx, input.token, "educator_application", () => ({ roles: ["educator"] }));
      const f = claimed.data as unknown as ApplicationFields;
      const application = await tx.educatorApplication.create({
        data: {
          userId: claimed.userId,
          subjects: f.subjects,
          highestQualification: f.highestQualification,
          institution: f.institution,
          statement: f.statement,
          languages: f.languages,
          availabilityHours: f.availabilityHours,
          references: [
            { name: f.reference1Name, contact: f.reference1Contact },
            { name: f.reference2Name, contact: f.reference2Contact },
          ],
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: claimed.userId,
        action: "educator_application.submitted",
        entityType: "educator_application",
        entityId: application.id,
        data: { subjects: f.subjects },
      });
      return { userId: claimed.userId, applicationId: application.id, cookie: claimed.cookie };
    }),
  );
}
