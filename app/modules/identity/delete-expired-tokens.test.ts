import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { JOB_WORKERS, TOKEN_CLEANUP_GRACE_MS, TOKEN_CLEANUP_JOB } from "#app/utils/job-workers.server.ts";
import { drainJobs, enqueueJob } from "#app/utils/jobs.server.ts";
import { createLearner, uniqueEmail } from "#tests/factories.ts";
import { deleteExpiredTokens } from "./delete-expired-tokens.server.ts";

const HOUR = 3_600_000;

/** One token of each kind that expired a second before `now`, one that expires a second after, and a used one still in time. */
async function tokensAround(now: Date) {
  const user = await createLearner();
  const before = new Date(now.getTime() - 1000);
  const after = new Date(now.getTime() + 1000);
  const tag = () => `t-${randomUUID()}`;
  const signup = (expiresAt: Date, usedAt: Date | null = null) =>
    prisma.pendingSignup.create({
      data: { purpose: "invitation", email: uniqueEmail("pending"), tokenHash: tag(), payload: {}, expiresAt, usedAt },
      select: { id: true },
    });
  const confirmation = (expiresAt: Date, usedAt: Date | null = null) =>
    prisma.emailConfirmation.create({
      data: { userId: user.id, email: uniqueEmail("confirm"), tokenHash: tag(), expiresAt, usedAt },
      select: { id: true },
    });
  const reset = (expiresAt: Date, usedAt: Date | null = null, kind: "email_link" | "admin_code" = "email_link") =>
    prisma.passwordReset.create({ data: { userId: user.id, kind, tokenHash: tag(), expiresAt, usedAt }, select: { id: true } });
  return {
    expired: {
      signups: [(await signup(before)).id, (await signup(before, new Date(now.getTime() - HOUR))).id],
      confirmations: [(await confirmation(before)).id],
      resets: [(await reset(before)).id, (await reset(before, null, "admin_code")).id],
    },
    kept: {
      signups: [(await signup(after)).id, (await signup(after, before)).id],
      confirmations: [(await confirmation(after)).id],
      resets: [(await reset(after)).id, (await reset(after, before)).id],
    },
  };
}

async function present(ids: { signups: string[]; confirmations: string[]; resets: string[] }) {
  return {
    signups: await prisma.pendingSignup.count({ where: { id: { in: ids.signups } } }),
    confirmations: await prisma.emailConfirmation.count({ where: { id: { in: ids.confirmations } } }),
    resets: await prisma.passwordReset.count({ where: { id: { in: ids.resets } } }),
  };
}

describe("deleteExpiredTokens", () => {
  test("deletes pending sign-ups, address confirmations and password resets whose time is up, used or not, and nothing else", async () => {
    // Long ago, so that no other test's tokens (which may share this database) are counted or touched.
    const now = new Date("2001-06-01T12:00:00Z");
    const tokens = await tokensAround(now);
    const counts = await deleteExpiredTokens(now);
    expect(counts).toEqual({ pendingSignups: 2, emailConfirmations: 1, passwordResets: 2 });
    expect(await present(tokens.expired)).toEqual({ signups: 0, confirmations: 0, resets: 0 });
    expect(await present(tokens.kept)).toEqual({ signups: 2, confirmations: 1, resets: 2 });
    expect(await deleteExpiredTokens(now)).toEqual({ pendingSignups: 0, emailConfirmations: 0, passwordResets: 0 });
  });

  test("is the hourly clean-up job: scheduled every hour; running it deletes what expired more than an hour ago", async () => {
    expect(JOB_WORKERS[TOKEN_CLEANUP_JOB]!.cron).toMatch(/^\d{1,2} \* \* \* \*$/);
    const old = await tokensAround(new Date(Date.now() - TOKEN_CLEANUP_GRACE_MS - 60_000));
    const recent = await tokensAround(new Date(Date.now() - TOKEN_CLEANUP_GRACE_MS + 60_000));
    await prisma.$transaction((tx) => enqueueJob(tx, TOKEN_CLEANUP_JOB, {}));
    expect((await drainJobs()).failed).toBe(0);
    // every token of `old` expired more than an hour ago; those of `recent` within the last hour, or not yet
    expect(await present(old.expired)).toEqual({ signups: 0, confirmations: 0, resets: 0 });
    expect(await present(old.kept)).toEqual({ signups: 0, confirmations: 0, resets: 0 });
    expect(await present(recent.expired)).toEqual({ signups: 2, confirmations: 1, resets: 2 });
    expect(await present(recent.kept)).toEqual({ signups: 2, confirmations: 1, resets: 2 });
  });
});
