import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { checkPasswordPolicy, hashPassword } from "#app/modules/identity/password.server.ts";
import { createSession } from "#app/modules/identity/session.server.ts";
import { isUniqueViolation } from "#app/modules/identity/signup-learner.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import type { QUALIFICATIONS, STEM_SUBJECTS, TEACHING_LANGUAGES } from "./subjects.ts";

export type ApplicationResult = { ok: true; cookie: string } | { ok: false; field: string; message: string };

/**
 * A volunteer applies to teach: an account with the educator role and a pending application. The
 * application grants no access to learners or authoring until an admin approves it (vetting: issue 3).
 */
export async function submitEducatorApplication(options: {
  email: string;
  displayName: string;
  password: string;
  locale: Locale;
  subjects: Array<(typeof STEM_SUBJECTS)[number]>;
  highestQualification: (typeof QUALIFICATIONS)[number];
  institution?: string;
  statement: string;
  languages: Array<(typeof TEACHING_LANGUAGES)[number]>;
  availabilityHours: number;
  references: Array<{ name: string; contact: string }>;
}): Promise<ApplicationResult> {
  const problem = await checkPasswordPolicy(options.password, [options.email, options.displayName, "waystone"]);
  if (problem) return { ok: false, field: "password", message: `password.${problem}` };
  const passwordHash = await hashPassword(options.password);
  try {
    const cookie = await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: options.email,
          displayName: options.displayName,
          passwordHash,
          locale: options.locale,
          roles: { create: { role: "educator" } },
          educatorApplication: {
            create: {
              subjects: options.subjects,
              highestQualification: options.highestQualification,
              institution: options.institution || null,
              statement: options.statement,
              languages: options.languages,
              availabilityHours: options.availabilityHours,
              references: options.references,
            },
          },
        },
        select: { id: true, educatorApplication: { select: { id: true } } },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "user.signed_up",
        entityType: "user",
        entityId: user.id,
        data: { role: "educator" },
      });
      await recordAudit(tx, {
        actorId: user.id,
        action: "educator_application.submitted",
        entityType: "educator_application",
        entityId: user.educatorApplication!.id,
        data: { subjects: options.subjects },
      });
      return createSession(tx, user.id);
    });
    return { ok: true, cookie };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, field: "email", message: "signup.email_taken" };
    throw error;
  }
}

export function getOwnApplication(userId: string) {
  return prisma.educatorApplication.findUnique({
    where: { userId },
    select: { status: true, subjects: true, decisionReason: true, createdAt: true },
  });
}
