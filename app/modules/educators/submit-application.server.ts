import { preparePassword } from "#app/modules/identity/create-account.server.ts";
import { assertUsernameFree, startPendingSignup } from "#app/modules/identity/pending-signup.server.ts";
import { takeRateLimit } from "#app/modules/identity/rate-limit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import type { EducatorApplicationInput } from "./schemas.ts";

/** What an anonymous application needs to know about its request (as identity's SignUpContext). */
export type ApplicationContext = { locale: Locale; clientIp: string | null };

/** The application's answers, kept in the pending sign-up until its link is opened. */
export type ApplicationFields = Pick<
  EducatorApplicationInput,
  | "subjects"
  | "languages"
  | "availabilityHours"
  | "highestQualification"
  | "statement"
  | "reference1Name"
  | "reference1Contact"
  | "reference2Name"
  | "reference2Contact"
> & { institution: string | null };

/** Where an application is confirmed (the link of the "finish joining" email). */
export const applicationConfirmPath = (token: string) => `/join/educator/confirm/${token}`;

/**
 * A volunteer applies to teach. Nothing about the address shows in the answer: the page says "check
 * your inbox to continue" whether or not it already has an account, and the same work is done either
 * way (identity's startPendingSignup): the password is hashed, the application waits in a PendingSignup
 * (purpose educator_application, valid 24 h) and ONE neutral email is queued: the link that confirms the
 * application (confirm-application.server.ts makes the account, the role and the application then), or,
 * for an address with an account, the neutral "you already have an account" message.
 *
 * Limited per client. Refusals: `request.too_many`, `password.rejected` (password),
 * `account.username_taken` (username); nothing is written then.
 */
export async function submitApplication(context: ApplicationContext, input: EducatorApplicationInput): Promise<void> {
  await takeRateLimit("application", context.clientIp);
  const passwordHash = await preparePassword(input.password, [input.username, input.displayName, input.email]);
  const fields: ApplicationFields = {
    subjects: input.subjects,
    languages: input.languages,
    availabilityHours: input.availabilityHours,
    highestQualification: input.highestQualification,
    institution: input.institution || null,
    statement: input.statement,
    reference1Name: input.reference1Name,
    reference1Contact: input.reference1Contact,
    reference2Name: input.reference2Name,
    reference2Contact: input.reference2Contact,
  };
  await prisma.$transaction(async (tx) => {
    await assertUsernameFree(tx, input.username);
    return startPendingSignup(tx, {
      purpose: "educator_application",
      email: input.email,
      account: { username: input.username, displayName: input.displayName, passwordHash, locale: context.locale },
      data: fields,
      linkPath: applicationConfirmPath,
      exists: { kind: "account_exists", path: "/login" },
    });
  });
}
