// Emails and notices through the job queue (ADR 021): written in the caller's transaction, delivered
// after the commit by the `email.deliver` job over real SMTP (a local fake server), retried when the
// server refuses, never lost.
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { requestPasswordReset, resetRequestsSettled } from "#app/modules/identity/request-password-reset.server.ts";
import { RequestPasswordResetSchema } from "#app/modules/identity/schemas.ts";
import * as outboxPage from "#app/routes/admin/outbox.tsx";
import { createAdmin, createLearner, uniqueEmail } from "#tests/factories.ts";
import { freshIp } from "#tests/recovery-helpers.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";
import { startFakeSmtp, type FakeSmtp } from "#tests/smtp-fake.ts";
import { prisma } from "./db.server.ts";
import { JOB_WORKERS } from "./job-workers.server.ts";
import { drainJobs, listJobs } from "./jobs.server.ts";
import { deliverEmail, EMAIL_JOB, NO_CONFIRMED_ADDRESS, notify, queueEmail, setMailTransportForTests } from "./mailer.server.ts";

let smtp: FakeSmtp;
beforeAll(async () => {
  smtp = await startFakeSmtp();
});
afterAll(async () => {
  setMailTransportForTests(null);
  await smtp.close();
});
afterEach(async () => {
  setMailTransportForTests(null);
  smtp.refuse = 0;
  // Nothing of one test is left for the next one's drain.
  await drainJobs({ includeRetries: true });
});

function useSmtp(refuse: number) {
  smtp.refuse = refuse;
  smtp.attempts = 0;
  smtp.messages.length = 0;
  setMailTransportForTests(smtp.transport);
}

const jobsOf = async (outboxEmailId: string) => (await listJobs(EMAIL_JOB)).filter((j) => j.data.outboxEmailId === outboxEmailId);

describe("email delivery through the queue", () => {
  test("a refused send is retried with backoff and the email is sent exactly once; the notice is there from the commit", async () => {
    const learner = await createLearner();
    const emailId = await prisma.$transaction((tx) => notify(tx, learner.id, "/learn"));
    expect(emailId).toEqual(expect.any(String));
    expect(await prisma.inAppNotice.count({ where: { userId: learner.id } })).toBe(1);
    useSmtp(2);

    expect(await drainJobs()).toEqual({ ran: 1, failed: 1 });
    let row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: emailId! } });
    expect(row).toMatchObject({ sentAt: null, error: expect.stringContaining("451") });
    expect(row.text).toContain("/learn"); // kept until it is delivered
    expect((await jobsOf(emailId!)).map((j) => j.state)).toEqual(["retry"]);
    expect(await drainJobs()).toEqual({ ran: 0, failed: 0 }); // the retry waits for its delay

    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: 2, failed: 1 });
    expect(smtp.attempts).toBe(3);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.to).toEqual([learner.email]);
    expect(smtp.messages[0]!.raw).toMatch(/Subject: You have an update on Waystone/);
    row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: emailId! } });
    expect(row).toMatchObject({ sentAt: expect.any(Date), error: null, text: "", html: "" });
    expect((await jobsOf(emailId!)).map((j) => j.state)).toEqual(["completed"]);

    // A job delivered again (a worker that died after sending) does not send a second time.
    await deliverEmail({ outboxEmailId: emailId!, userId: learner.id, path: "/learn" });
    expect(smtp.messages).toHaveLength(1);
    expect(await prisma.inAppNotice.count({ where: { userId: learner.id } })).toBe(1);
  });

  test("after the last retry the job is failed, the outbox keeps the error for admins and the notice stays", async () => {
    const learner = await createLearner();
    const emailId = await prisma.$transaction((tx) => notify(tx, learner.id, "/settings"));
    useSmtp(Infinity);
    const retries = JOB_WORKERS[EMAIL_JOB]!.retryLimit!;
    expect(retries).toBeGreaterThanOrEqual(5);
    expect(await drainJobs({ includeRetries: true })).toEqual({ ran: retries + 1, failed: retries + 1 });
    expect(smtp.attempts).toBe(retries + 1);
    expect(smtp.messages).toEqual([]);
    const [job] = await jobsOf(emailId!);
    expect(job).toMatchObject({ state: "failed", retryCount: retries });
    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: emailId! } });
    expect(row).toMatchObject({ sentAt: null, error: expect.stringContaining("451") });
    expect(row.text).toContain("/settings");
    expect(await prisma.inAppNotice.findMany({ where: { userId: learner.id }, select: { path: true } })).toEqual([
      { path: "/settings" },
    ]);

    // Admins read the error on /admin/outbox (the newest emails: this one is moved to the top for the
    // look, as other test files may be writing emails into the same database meanwhile).
    await prisma.outboxEmail.update({ where: { id: emailId! }, data: { createdAt: new Date("2100-01-01T00:00:00Z") } });
    try {
      const cookie = await sessionCookieFor((await createAdmin()).id);
      const page = await run(() =>
        outboxPage.loader({
          request: makeRequest("/admin/outbox", { cookie }),
          params: {},
          context,
        } as never),
      );
      expect(page).toMatchObject({ kind: "ok", status: 200 });
      const [top] = (page as { data: { emails: Array<Record<string, unknown>> } }).data.emails;
      expect(top).toMatchObject({ id: emailId, sentAt: null, error: expect.stringContaining("451") });
    } finally {
      await prisma.outboxEmail.update({ where: { id: emailId! }, data: { createdAt: new Date() } });
    }
  });

  test("a notice's email goes to the address confirmed at delivery; with none left, it is not sent and the row says why", async () => {
    const moved = await createLearner();
    const gone = await createLearner();
    const [movedEmail, goneEmail] = await prisma.$transaction(async (tx) => [
      await notify(tx, moved.id, "/learn"),
      await notify(tx, gone.id, "/learn"),
    ]);
    const newAddress = uniqueEmail("moved");
    await prisma.user.update({ where: { id: moved.id }, data: { email: newAddress, locale: "es" } });
    await prisma.user.update({ where: { id: gone.id }, data: { email: null } });
    useSmtp(0);
    expect(await drainJobs()).toEqual({ ran: 2, failed: 0 });
    expect(smtp.messages.map((m) => m.to)).toEqual([[newAddress]]);
    expect(smtp.messages[0]!.raw).not.toContain("You have an update"); // rendered again, in Spanish
    expect(await prisma.outboxEmail.findUniqueOrThrow({ where: { id: movedEmail! } })).toMatchObject({
      to: newAddress,
      sentAt: expect.any(Date),
    });
    expect(await prisma.outboxEmail.findUniqueOrThrow({ where: { id: goneEmail! } })).toMatchObject({
      to: gone.email,
      sentAt: null,
      text: "",
      error: NO_CONFIRMED_ADDRESS,
    });
    expect((await jobsOf(goneEmail!)).map((j) => j.state)).toEqual(["completed"]);
  });

  test("without SMTP the outbox is the delivery: the job completes and the link stays readable there", async () => {
    const to = uniqueEmail("outbox");
    const emailId = await prisma.$transaction((tx) => queueEmail(tx, { to, path: "/confirm/abc", kind: "confirm_address" }));
    expect(await drainJobs()).toEqual({ ran: 1, failed: 0 });
    expect((await jobsOf(emailId)).map((j) => j.state)).toEqual(["completed"]);
    const row = await prisma.outboxEmail.findUniqueOrThrow({ where: { id: emailId } });
    expect(row).toMatchObject({ sentAt: null, error: null });
    expect(row.text).toContain("/confirm/abc");
  });

  test("the identity emails (here a reset link) go through the same queue: one job per email, sent after the commit", async () => {
    const learner = await createLearner();
    useSmtp(1);
    await requestPasswordReset({ clientIp: freshIp() }, RequestPasswordResetSchema.parse({ identifier: learner.username }));
    await resetRequestsSettled();
    const [row] = await prisma.outboxEmail.findMany({ where: { to: learner.email! } });
    expect(row!.text).toMatch(/\/reset\//);
    expect(smtp.messages).toEqual([]); // nothing is sent inside the request
    expect((await jobsOf(row!.id)).map((j) => j.state)).toEqual(["created"]);
    await drainJobs({ includeRetries: true });
    expect(smtp.messages.map((m) => m.to)).toEqual([[learner.email]]);
    expect(smtp.messages[0]!.raw).toMatch(/\/reset\//);
    expect(await prisma.outboxEmail.findUniqueOrThrow({ where: { id: row!.id } })).toMatchObject({
      sentAt: expect.any(Date),
      text: "",
    });
  });
});
