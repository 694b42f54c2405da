import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, uniqueEmail } from "#tests/factories.ts";
import { addEmail } from "./add-email.server.ts";
import { resendEmailConfirmation } from "./resend-email-confirmation.server.ts";
import { actorFor } from "./session.server.ts";

const pendingOf = (userId: string) => prisma.emailConfirmation.findMany({ where: { userId, usedAt: null } });

describe("resendEmailConfirmation", () => {
  test("sends the pending address a new link; the old link stops working", async () => {
    const learner = await createLearnerWithoutEmail();
    const actor = await actorFor(learner.id);
    const email = uniqueEmail("resend");
    await addEmail(actor, { email });
    const [before] = await pendingOf(learner.id);
    await resendEmailConfirmation(actor);
    const [after] = await pendingOf(learner.id);
    expect(after!.email).toBe(email);
    expect(after!.tokenHash).not.toBe(before!.tokenHash);
    expect(await prisma.emailConfirmation.count({ where: { tokenHash: before!.tokenHash } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(2);
  });

  test("with nothing pending it is refused and sends nothing", async () => {
    const learner = await createLearner();
    await expect(resendEmailConfirmation(await actorFor(learner.id))).rejects.toMatchObject({ reason: "request.invalid" });
    expect(await prisma.outboxEmail.count({ where: { to: learner.email } })).toBe(0);
  });
});
