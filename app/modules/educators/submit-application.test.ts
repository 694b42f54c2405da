import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, uniqueEmail } from "#tests/factories.ts";
import type { EducatorApplicationInput } from "./schemas.ts";
import { submitApplication } from "./submit-application.server.ts";

const STRONG = "Lantern-Orchard-Quiet-47";

function input(over: Partial<EducatorApplicationInput> = {}): EducatorApplicationInput {
  return {
    email: uniqueEmail("applicant"),
    displayName: "Prof Ada",
    password: STRONG,
    confirmPassword: STRONG,
    subjects: ["physics", "mathematics"],
    languages: ["en", "fr"],
    availabilityHours: 6,
    reference1Name: "R. One",
    reference1Contact: "one@example.test",
    reference2Name: "R. Two",
    reference2Contact: "+00 555 0101",
    highestQualification: "doctorate",
    institution: "Somewhere University",
    statement: "I have taught physics for ten years and would like to help learners who need a second chance.",
    ...over,
  };
}

describe("applying to teach", () => {
  test("creates an educator account with a pending application, its audit rows and a session", async () => {
    const data = input();
    const result = await submitApplication({ locale: "es" }, data);
    expect(result.cookie).toMatch(/=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { email: data.email },
      select: { id: true, locale: true, roles: { select: { role: true } }, sessions: { select: { id: true } } },
    });
    expect(user).toMatchObject({ id: result.userId, locale: "es", roles: [{ role: "educator" }] });
    expect(user.sessions).toHaveLength(1);
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: user.id } });
    expect(app).toMatchObject({
      id: result.applicationId,
      status: "pending",
      subjects: ["physics", "mathematics"],
      languages: ["en", "fr"],
      availabilityHours: 6,
      highestQualification: "doctorate",
      institution: "Somewhere University",
      references: [
        { name: "R. One", contact: "one@example.test" },
        { name: "R. Two", contact: "+00 555 0101" },
      ],
      suspendedAt: null,
    });
    expect(await prisma.auditEvent.count({ where: { action: "user.signed_up", entityId: user.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.submitted", entityId: app.id } })).toBe(1);
  });

  test("an email that already has an account is refused on the email field, and nothing is written", async () => {
    const existing = await createLearner();
    const before = await prisma.auditEvent.count({ where: { action: "educator_application.submitted" } });
    await expect(submitApplication({ locale: "en" }, input({ email: existing.email }))).rejects.toMatchObject({
      reason: "account.email_taken",
      field: "email",
    });
    expect(await prisma.educatorApplication.count({ where: { userId: existing.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "educator_application.submitted" } })).toBe(before);
  });

  test("a weak password is refused on the password field, and no account is made", async () => {
    const data = input({ password: "password1234", confirmPassword: "password1234" });
    await expect(submitApplication({ locale: "en" }, data)).rejects.toMatchObject({
      reason: "password.rejected",
      field: "password",
    });
    expect(await prisma.user.count({ where: { email: data.email } })).toBe(0);
  });

  test("two applications with one email at the same moment make one account", async () => {
    const email = uniqueEmail("twice");
    const outcomes = await Promise.allSettled([
      submitApplication({ locale: "en" }, input({ email })),
      submitApplication({ locale: "en" }, input({ email })),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ reason: "account.email_taken" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    expect(await prisma.educatorApplication.count({ where: { user: { email } } })).toBe(1);
  });
});
