import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createApplicationWithInfoRequested,
  createApprovedEducator,
  createEducatorApplicant,
  createLearner,
} from "#tests/factories.ts";
import { decideApplication } from "./decide-application.server.ts";

async function written(applicationId: string, email: string) {
  const [app, audit, emails] = await Promise.all([
    prisma.educatorApplication.findUniqueOrThrow({
      where: { id: applicationId },
      select: { status: true, decisionReason: true, decidedById: true },
    }),
    prisma.auditEvent.count({ where: { action: "educator_application.decided", entityId: applicationId } }),
    prisma.outboxEmail.count({ where: { to: email } }),
  ]);
  return { ...app, audit, emails };
}

describe("deciding an application", () => {
  test("an admin's approval records the decision and its reason, one audit row and one neutral email", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const applicant = await createEducatorApplicant();
    await prisma.user.update({ where: { id: applicant.id }, data: { locale: "es" } });
    const result = await decideApplication(admin, {
      applicationId: applicant.applicationId,
      intent: "approve",
      status: "pending",
      reason: "Strong references.",
    });
    expect(result).toEqual({ decision: "approved" });
    expect(await written(applicant.applicationId, applicant.email)).toEqual({
      status: "approved",
      decisionReason: "Strong references.",
      decidedById: admin.id,
      audit: 1,
      emails: 1,
    });
    const email = await prisma.outboxEmail.findFirstOrThrow({ where: { to: applicant.email } });
    // Neutral: in the applicant's language, a link to /teach, never the decision or the reason.
    expect(email.text).toContain("/teach");
    expect(email.text).not.toMatch(/approv|aprob|Strong references/i);
    expect(email.subject).not.toMatch(/approv|aprob/i);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { action: "educator_application.decided", entityId: applicant.applicationId },
    });
    expect(audit).toMatchObject({ actorId: admin.id, data: { decision: "approved", from: "pending" } });
  });

  test.each(["learner", "educator", "applicant"] as const)("the %s cannot decide, and nothing is written", async (who) => {
    const target = await createEducatorApplicant();
    const user =
      who === "learner"
        ? await createLearner()
        : who === "educator"
          ? await createApprovedEducator()
          : await createEducatorApplicant();
    const actor = await actorFor(user.id);
    await expect(
      decideApplication(actor, { applicationId: target.applicationId, intent: "approve", status: "pending", reason: "Me." }),
    ).rejects.toMatchObject({ reason: "permission.denied", status: 403 });
    expect(await written(target.applicationId, target.email)).toEqual({
      status: "pending",
      decisionReason: null,
      decidedById: null,
      audit: 0,
      emails: 0,
    });
  });

  test("a decision made on a stale status is refused with application.changed, and nothing is written", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const applicant = await createApplicationWithInfoRequested({ decisionReason: "Add a reference." });
    await expect(
      decideApplication(admin, { applicationId: applicant.applicationId, intent: "reject", status: "pending", reason: "No." }),
    ).rejects.toMatchObject({ reason: "application.changed", status: 409 });
    expect(await written(applicant.applicationId, applicant.email)).toMatchObject({
      status: "info_requested",
      decisionReason: "Add a reference.",
      audit: 0,
      emails: 0,
    });
  });

  test("deciding what the application already is gives application.already_decided", async () => {
    const admin = await actorFor((await createAdmin()).id);
    const applicant = await createApprovedEducator();
    await expect(
      decideApplication(admin, {
        applicationId: applicant.applicationId,
        intent: "approve",
        status: "approved",
        reason: "Again.",
      }),
    ).rejects.toMatchObject({ reason: "application.already_decided", status: 409 });
    expect(await written(applicant.applicationId, applicant.email)).toMatchObject({ status: "approved", audit: 0, emails: 0 });
  });

  test("an unknown application is not_found", async () => {
    const admin = await actorFor((await createAdmin()).id);
    await expect(
      decideApplication(admin, {
        applicationId: "cmxunknown0000000000000000",
        intent: "approve",
        status: "pending",
        reason: "?",
      }),
    ).rejects.toMatchObject({ reason: "not_found", status: 404 });
  });

  test("two admins deciding at the same moment give one decision, one audit row and one email", async () => {
    const [a, b] = await Promise.all([createAdmin(), createAdmin()]);
    const admins = [await actorFor(a.id), await actorFor(b.id)];
    const applicant = await createEducatorApplicant();
    const outcomes = await Promise.allSettled([
      decideApplication(admins[0]!, {
        applicationId: applicant.applicationId,
        intent: "approve",
        status: "pending",
        reason: "Yes.",
      }),
      decideApplication(admins[1]!, {
        applicationId: applicant.applicationId,
        intent: "reject",
        status: "pending",
        reason: "No.",
      }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason as { reason: string }] : []));
    expect(refused).toHaveLength(1);
    expect(refused[0]!.reason).toBe("application.changed");
    const after = await written(applicant.applicationId, applicant.email);
    expect(after).toMatchObject({ audit: 1, emails: 1 });
    expect(["approved", "rejected"]).toContain(after.status);
  });

  test("a rejection is final for the account: its one application stays, and only staff can reconsider it", async () => {
    // What /teach and the reject form say (docs/decisions/015-confirmed-admin-actions.md): the account cannot
    // send a new application; staff may decide again.
    const admin = await actorFor((await createAdmin()).id);
    const applicant = await createEducatorApplicant();
    await decideApplication(admin, {
      applicationId: applicant.applicationId,
      intent: "reject",
      status: "pending",
      reason: "We need teaching experience at university level.",
    });
    // A second application for the account is refused by its unique key: there is no way to apply again.
    await expect(
      prisma.educatorApplication.create({
        data: { userId: applicant.id, subjects: ["physics"], highestQualification: "master", statement: "Again." },
      }),
    ).rejects.toMatchObject({ code: "P2002" });
    expect(await prisma.educatorApplication.count({ where: { userId: applicant.id } })).toBe(1);
    // The applicant has no way to change it themselves (vetting is staff's), but staff can reconsider.
    const self = await actorFor(applicant.id);
    await expect(
      decideApplication(self, {
        applicationId: applicant.applicationId,
        intent: "request_info",
        status: "rejected",
        reason: "Please look again.",
      }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(
      await decideApplication(admin, {
        applicationId: applicant.applicationId,
        intent: "request_info",
        status: "rejected",
        reason: "New information arrived: please send your teaching record.",
      }),
    ).toEqual({ decision: "info_requested" });
  });
});
