import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, createUser } from "#tests/factories.ts";
import { LOCALES } from "./i18n.ts";
import { countUnreadNotices, EMAIL_KINDS, listNotices, markNoticesRead, notify, renderNeutralEmail } from "./mailer.server.ts";

describe("neutral emails", () => {
  test.each(LOCALES)("every kind has its own subject, body and link text in %s, naming no course, role or person", (locale) => {
    const texts = EMAIL_KINDS.map((kind) => renderNeutralEmail({ to: "x@example.test", path: "/somewhere", locale, kind }));
    for (const t of texts) {
      expect(`${t.subject}\n${t.text}\n${t.html}`).not.toMatch(/\b(email|reason)\.[a-z_]+\./); // no raw key
      expect(t.text).toContain("/somewhere");
      expect(t.text.replace(/https?:\/\/\S+/g, "")).not.toMatch(/learner|educator|sponsor|verifier|course|curso|دورة/i);
    }
    expect(new Set(texts.map((t) => t.text.split("\n\n")[1])).size).toBe(EMAIL_KINDS.length);
  });
});

describe("notify", () => {
  test("a person with a confirmed email: an in-app notice and a neutral email", async () => {
    const learner = await createLearner();
    const emailId = await prisma.$transaction((tx) => notify(tx, learner.id, "/learn"));
    expect(emailId).toEqual(expect.any(String));
    expect(await prisma.inAppNotice.findMany({ where: { userId: learner.id }, select: { path: true, readAt: true } })).toEqual([
      { path: "/learn", readAt: null },
    ]);
    const sent = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: emailId! } });
    expect(sent).toMatchObject({ to: learner.email, subject: "You have an update on Waystone" });
  });

  test("a person without an email: the notice appears in the app only", async () => {
    const learner = await createLearnerWithoutEmail();
    expect(await prisma.$transaction((tx) => notify(tx, learner.id, "/learn"))).toBeNull();
    expect(await countUnreadNotices(learner.id)).toBe(1);
  });

  test("an address waiting for confirmation is not used", async () => {
    const learner = await createLearnerWithoutEmail();
    await prisma.emailConfirmation.create({
      data: {
        userId: learner.id,
        email: `pending-${learner.id}@example.test`,
        tokenHash: `n-${learner.id}`,
        expiresAt: new Date(Date.now() + 3_600_000),
      },
    });
    expect(await prisma.$transaction((tx) => notify(tx, learner.id, "/learn"))).toBeNull();
    expect(await prisma.outboxEmail.count({ where: { to: `pending-${learner.id}@example.test` } })).toBe(0);
  });
});

describe("the notices page", () => {
  test("lists one's own notices only, newest first, and marks them read", async () => {
    const me = await createLearnerWithoutEmail();
    const other = await createLearnerWithoutEmail();
    await prisma.$transaction(async (tx) => {
      await notify(tx, me.id, "/learn");
      await notify(tx, other.id, "/learn");
    });
    await prisma.$transaction((tx) => notify(tx, me.id, "/settings"));
    const actor = await actorFor(me.id);
    expect((await listNotices(actor)).map((n) => n.path)).toEqual(["/settings", "/learn"]);
    expect(await countUnreadNotices(me.id)).toBe(2);
    expect(await markNoticesRead(actor)).toEqual({ count: 2 });
    expect(await countUnreadNotices(me.id)).toBe(0);
    expect(await countUnreadNotices(other.id)).toBe(1);
  });

  test("an account without a role may not read or mark notices, and nothing changes", async () => {
    const user = await createUser({ roles: [] });
    await prisma.$transaction((tx) => notify(tx, user.id, "/settings"));
    const actor = await actorFor(user.id);
    expect(() => listNotices(actor)).toThrow(expect.objectContaining({ reason: "permission.denied" }));
    await expect(markNoticesRead(actor)).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await countUnreadNotices(user.id)).toBe(1);
  });
});
