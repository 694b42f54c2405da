import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser, uniqueEmail } from "#tests/factories.ts";
import { addEmail } from "./add-email.server.ts";
import { removeEmail } from "./remove-email.server.ts";
import { actorFor } from "./session.server.ts";

const pendingOf = (userId: string) => prisma.emailConfirmation.findMany({ where: { userId, usedAt: null } });

describe("removeEmail", () => {
  test("removes the confirmed address and the one waiting, audited", async () => {
    const learner = await createLearner();
    const actor = await actorFor(learner.id);
    await addEmail(actor, { email: uniqueEmail("pending") });
    await removeEmail(actor);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: learner.id } })).email).toBeNull();
    expect(await pendingOf(learner.id)).toEqual([]);
    expect(await prisma.auditEvent.count({ where: { entityId: learner.id, action: "user.email_removed" } })).toBe(1);
  });

  test("an account without a role may not, and nothing changes", async () => {
    const user = await createUser({ roles: [] });
    await expect(removeEmail(await actorFor(user.id))).rejects.toMatchObject({ reason: "permission.denied" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(user.email);
  });
});
