import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, uniqueUsername } from "#tests/factories.ts";
import { freshIp, resetTokenSentTo } from "#tests/recovery-helpers.ts";
import { RATE_LIMITS } from "./rate-limit.server.ts";
import { resetLinkHash, RESET_LINK_TTL_MS } from "./recovery.server.ts";
import { requestPasswordReset, resetRequestsSettled } from "./request-password-reset.server.ts";
import { RequestPasswordResetSchema } from "./schemas.ts";

const parse = (identifier: string) => RequestPasswordResetSchema.parse({ identifier });
/** A request, and then the writing that happens after its answer has left. */
async function request(identifier: string, clientIp: string | null = freshIp()) {
  const answer = await requestPasswordReset({ clientIp }, parse(identifier));
  await resetRequestsSettled();
  return answer;
}
const resetsOf = (userId: string) =>
  prisma.passwordReset.findMany({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { tokenHash: true, kind: true, expiresAt: true, usedAt: true },
  });
const emailsTo = (to: string) => prisma.outboxEmail.findMany({ where: { to } });
const requests = (userId: string | null, sent?: boolean) =>
  prisma.auditEvent.findMany({
    where: {
      action: "auth.password_reset_requested",
      entityId: userId,
      ...(sent === undefined ? {} : { data: { path: ["sent"], equals: sent } }),
    },
  });

describe("requestPasswordReset", () => {
  test("a username with a confirmed address: one link for 30 minutes, stored as a keyed hash, in a neutral email", async () => {
    const learner = await createLearner({ displayName: "Quiet Heron" });
    const before = Date.now();
    await expect(request(learner.username.toUpperCase())).resolves.toBeUndefined();
    const [reset, ...more] = await resetsOf(learner.id);
    expect(more).toEqual([]);
    expect(reset).toMatchObject({ kind: "email_link", usedAt: null });
    const ttl = reset!.expiresAt.getTime() - before;
    expect(ttl).toBeGreaterThan(RESET_LINK_TTL_MS - 60_000);
    expect(ttl).toBeLessThanOrEqual(RESET_LINK_TTL_MS + 1000);

    const token = await resetTokenSentTo(learner.email);
    expect(reset!.tokenHash).toBe(resetLinkHash(token));
    expect(reset!.tokenHash).not.toContain(token);
    const [email] = await emailsTo(learner.email);
    // Neutral: no username, no display name, no role or course.
    for (const text of [email!.subject, email!.text, email!.html]) {
      expect(text).not.toContain(learner.username);
      expect(text).not.toContain("Quiet Heron");
      expect(text).not.toMatch(/learner|course/i);
    }
    expect(email!.text).toMatch(/30 minutes/);
    expect(await requests(learner.id, true)).toHaveLength(1);
  });

  test("the answer leaves before the account is looked up: nothing about it is written yet", async () => {
    const learner = await createLearner();
    await requestPasswordReset({ clientIp: freshIp() }, parse(learner.username));
    expect(await resetsOf(learner.id)).toEqual([]);
    await resetRequestsSettled();
    expect(await resetsOf(learner.id)).toHaveLength(1);
  });

  test("by email address (any case) too", async () => {
    const learner = await createLearner();
    await request(`  ${learner.email.toUpperCase()} `);
    expect(await resetsOf(learner.id)).toHaveLength(1);
    expect(await emailsTo(learner.email)).toHaveLength(1);
  });

  test("an account without a confirmed address gets nothing, and the answer is the same", async () => {
    const learner = await createLearnerWithoutEmail();
    await expect(request(learner.username)).resolves.toBeUndefined();
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await requests(learner.id, false)).toHaveLength(1);
  });

  test("an unknown name or address: nothing but an audit row without the name, and the same answer", async () => {
    const name = uniqueUsername("nobody");
    await expect(request(name)).resolves.toBeUndefined();
    await expect(request(`${name}@example.test`)).resolves.toBeUndefined();
    expect(await emailsTo(`${name}@example.test`)).toEqual([]);
    const rows = await prisma.auditEvent.findMany({
      where: { action: "auth.password_reset_requested", entityId: null },
      orderBy: { createdAt: "desc" },
      take: 2,
    });
    for (const row of rows) {
      expect(JSON.stringify(row.data)).not.toContain(name);
      expect(row.data).toMatchObject({ subject: expect.stringMatching(/^unknown:[0-9a-f]{16}$/), sent: false });
    }
  });

  test("a suspended account gets no link", async () => {
    const learner = await createLearner();
    await prisma.user.update({ where: { id: learner.id }, data: { status: "suspended" } });
    await request(learner.username);
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await emailsTo(learner.email)).toEqual([]);
  });

  test("a new link replaces the open one: the earlier link stops working at once", async () => {
    const learner = await createLearner();
    await request(learner.username);
    await request(learner.username);
    const [first, second] = await resetsOf(learner.id);
    expect(first!.expiresAt.getTime()).toBeLessThanOrEqual(Date.now());
    expect(second!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  test("limited per client before anything is written; other clients are not affected", async () => {
    const learner = await createLearner();
    const ip = freshIp();
    for (let i = 0; i < RATE_LIMITS.recovery.limit; i++) await request(uniqueUsername("flood"), ip);
    await expect(request(learner.username, ip)).rejects.toMatchObject({ reason: "request.too_many", status: 429 });
    expect(await resetsOf(learner.id)).toEqual([]);
    expect(await requests(learner.id)).toEqual([]);
    await request(learner.username, freshIp());
    expect(await resetsOf(learner.id)).toHaveLength(1);
  });
});
