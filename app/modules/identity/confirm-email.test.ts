import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, uniqueEmail } from "#tests/factories.ts";
import { addEmail } from "./add-email.server.ts";
import { confirmEmail } from "./confirm-email.server.ts";
import { actorFor } from "./session.server.ts";

/** Adds `email` to the account through Settings and returns the token of the link that was sent. */
async function requestLink(userId: string, email: string): Promise<string> {
  await addEmail(await actorFor(userId), { email });
  const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
  return /\/confirm-email\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]!;
}

const emailOf = async (id: string) => (await prisma.user.findUniqueOrThrow({ where: { id }, select: { email: true } })).email;

describe("confirmEmail", () => {
  test("the link's POST makes the address the account's, once, audited", async () => {
    const learner = await createLearnerWithoutEmail();
    const email = uniqueEmail("confirm");
    const token = await requestLink(learner.id, email);
    expect(await emailOf(learner.id)).toBeNull(); // not used before the link is opened
    await expect(confirmEmail({}, { token })).resolves.toEqual({ userId: learner.id });
    expect(await emailOf(learner.id)).toBe(email);
    expect(await prisma.auditEvent.count({ where: { entityId: learner.id, action: "user.email_confirmed" } })).toBe(1);
    // Single use.
    await expect(confirmEmail({}, { token })).rejects.toMatchObject({ reason: "link.unusable", status: 410 });
    expect(await prisma.auditEvent.count({ where: { entityId: learner.id, action: "user.email_confirmed" } })).toBe(1);
  });

  test("an expired link is refused neutrally and changes nothing", async () => {
    const learner = await createLearnerWithoutEmail();
    const email = uniqueEmail("expired");
    const token = await requestLink(learner.id, email);
    await prisma.emailConfirmation.updateMany({
      where: { userId: learner.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(confirmEmail({}, { token })).rejects.toMatchObject({ reason: "link.unusable" });
    expect(await emailOf(learner.id)).toBeNull();
    expect(await prisma.auditEvent.count({ where: { entityId: learner.id, action: "user.email_confirmed" } })).toBe(0);
  });

  test("an address another account confirmed meanwhile: the unique key decides, the same neutral refusal", async () => {
    const first = await createLearnerWithoutEmail();
    const second = await createLearnerWithoutEmail();
    const email = uniqueEmail("race");
    const a = await requestLink(first.id, email);
    const b = await requestLink(second.id, email);
    await confirmEmail({}, { token: a });
    await expect(confirmEmail({}, { token: b })).rejects.toMatchObject({ reason: "link.unusable" });
    expect(await emailOf(second.id)).toBeNull();
    // The refused link was not used up by the failed attempt (the transaction rolled back).
    expect((await prisma.emailConfirmation.findFirstOrThrow({ where: { userId: second.id } })).usedAt).toBeNull();
  });

  test("two presses at the same moment confirm once", async () => {
    const learner = await createLearnerWithoutEmail();
    const token = await requestLink(learner.id, uniqueEmail("twice"));
    const results = await Promise.allSettled([confirmEmail({}, { token }), confirmEmail({}, { token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.auditEvent.count({ where: { entityId: learner.id, action: "user.email_confirmed" } })).toBe(1);
  });

  test("unknown and malformed links are refused the same way", async () => {
    await expect(confirmEmail({}, { token: "x".repeat(43) })).rejects.toMatchObject({ reason: "link.unusable" });
    await expect(confirmEmail({}, { token: "../../etc" })).rejects.toMatchObject({ reason: "link.unusable" });
  });

  test("changing a confirmed address: the old one stays in use until the new link is opened", async () => {
    const learner = await createLearner();
    const next = uniqueEmail("next");
    const token = await requestLink(learner.id, next);
    expect(await emailOf(learner.id)).toBe(learner.email);
    await confirmEmail({}, { token });
    expect(await emailOf(learner.id)).toBe(next);
  });
});
