import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { createAccount, provisionalUsername, preparePassword, withAccountConflicts } from "#app/modules/identity/create-account.server.ts";
import { createSession } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import type { EducatorApplicationInput } from "./schemas.ts";

/** What an anonymous application needs to know about its request (as identity's SignUpContext). */
export type ApplicationContext = { locale: Locale };

/**
 * A volunteer applies to teach: an account with the educator role, a pending application and a session,
 * in one transaction. The application grants no access to learners or authoring until an admin approves
 * it. A taken email is refused on the email field (`account.email_taken`), a weak password on the password
 * field; nothing is written then. Returns the session cookie.
 */
export async function submitApplication(context: ApplicationContext, input: EducatorApplicationInput) {
  const passwordHash = await preparePassword(input.password, [input.email, input.displayName]);
  return withAccountConflicts(() =>
    prisma.$transaction(async (tx) => {
      const user = await createAccount(tx, {
        username: provisionalUsername(), // TEMP (issue 7): replaced by the username the form asks for
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        locale: context.locale,
        roles: ["educator"],
      });
      const application = await tx.educatorApplication.create({
        data: {
          userId: user.id,
          subjects: input.subjects,
          highestQualification: input.highestQualification,
          institution: input.institution || null,
          statement: input.statement,
          languages: input.languages,
          availabilityHours: input.availabilityHours,
          references: [
            { name: input.reference1Name, contact: input.reference1Contact },
            { name: input.reference2Name, contact: input.reference2Contact },
          ],
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "educator_application.submitted",
        entityType: "educator_application",
        entityId: application.id,
        data: { subjects: input.subjects },
      });
      const cookie = await createSession(tx, user.id);
      return { userId: user.id, applicationId: application.id, cookie };
    }),
  );
}
