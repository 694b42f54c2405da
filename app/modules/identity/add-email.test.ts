import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, createUser, uniqueEmail } from "#tests/factories.ts";
import { sha256 } from "./crypto.server.ts";
import { addEmail } from "./add-email.server.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";
import { actorFor } from "./session.server.ts";

const pendingOf = (userId: string) => prisma.emailConfirmation.findMany({ where: { userId, usedAt: null } });

describe("addEmail", () => {
  test("a new address waits for its link: one pending row, one email with the link, an audit row without the address", async () => {
    const learner = await createLearnerWithoutEmail();
    const email = uniqueEmail("add");
    await addEmail(await actorFor(learner.id), { email });
    expect(await pendingOf(learner.id)).toMatchObject([{ email }]);
    const sent = await prisma.outboxEmail.findMany({ where: { to: email } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/\/confirm-email\/[A-Za-z0-9_-]{40,}/);
    const audit = await prisma.auditEvent.findFirstOrThrow({
      where: { entityId: learner.id, action: "user.email_change_requested" },
    });
    expect(JSON.stringify(audit.data ?? {})).not.toContain(email);
  });

  test("an address of another account: the same pending row (the page looks the same), and the neutral message without a link", async () => {
    const learner = await createLearnerWithoutEmail();
    const other = await createLearner();
    await addEmail(await actorFor(learner.id), { email: other.email });
    expect(await pendingOf(learner.id)).toMatchObject([{ email: other.email }]);
    const sent = await prisma.outboxEmail.findMany({ where: { to: other.email } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toContain("you already have an account");
    expect(sent[0]!.text).not.toContain("/confirm-email/");
  });

  test("a second address replaces the first one waiting", async () => {
    const learner = await createLearnerWithoutEmail();
    const actor = await actorFor(learner.id);
    await addEmail(actor, { email: uniqueEmail("first") });
    const second = uniqueEmail("second");
    await addEmail(actor, { email: second });
    expect((await pendingOf(learner.id)).map((p) => p.email)).toEqual([second]);
  });

  test("an account without a role may not, and nothing is written", async () => {
    const user = await createUser({ roles: [] });
    const email = uniqueEmail("nobody");
    await expect(addEmail(await actorFor(user.id), { email })).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await pendingOf(user.id)).toEqual([]);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
  });

  test("too many requests from one account are refused before anything is written", async () => {
    const learner = await createLearnerWithoutEmail();
    await prisma.rateLimit.create({
      data: { key: `email-confirmation:${sha256(`user:${learner.id}`)}`, count: RATE_LIMITS["email-confirmation"].limit },
    });
    const email = uniqueEmail("flood");
    await expect(addEmail(await actorFor(learner.id), { email })).rejects.toMatchObject({ reason: "request.too_many" });
    expect(await pendingOf(learner.id)).toEqual([]);
    expect(await prisma.outboxEmail.count({ where: { to: email } })).toBe(0);
  });
});
