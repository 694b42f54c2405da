// One mailer for every email, and the in-app notices. Each email is neutral: one of a few kinds of text
// ("you have an update", "confirm this address", "someone tried to use this address", "finish joining")
// and a link, never naming a course, credential, role or person (docs/architecture.md "safety first").
// Emails are written to the OutboxEmail table inside the caller's transaction together with a job on the
// queue (jobs.server.ts, ADR 021), so a change, its notice and its email commit together or not at all.
// After the commit a worker delivers the email (`deliverEmail`): through nodemailer with
// MAIL_TRANSPORT=smtp, retried with backoff when the transport fails; otherwise the outbox is the
// delivery and admins read it. `notify` is how an operation tells a person that something changed: an
// in-app notice always, and an email too when the person has a confirmed address.
import nodemailer, { type Transporter } from "nodemailer";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getContactForNotice } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, readRows, sql, type Tx } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { enqueueJob } from "./jobs.server.ts";
import { DEFAULT_LOCALE, type Locale } from "./i18n.ts";
import { serverT } from "./i18n.server.ts";

/**
 * The kinds of neutral email, each with its subject, body and link text in every language
 * (`email.subject`/`email.body`/`email.open` for an update; `email.<kind>.*` for the others):
 * - `update`: something changed; the link opens the page (a notice);
 * - `confirm_address`: the link confirms the address (sign-up, Settings);
 * - `account_exists`: someone tried to use this address, which already has an account: sign in or recover
 *   (the link is the login page; nothing is attached to the account);
 * - `account_exists_invitation`: the same for an invitation: sign in, then open the invitation link again;
 * - `finish_joining`: the link finishes joining (an application to teach, an invitation);
 * - `password_reset`: the link sets a new password (recovery, identity/request-password-reset.server.ts).
 */
export const EMAIL_KINDS = [
  "update",
  "confirm_address",
  "account_exists",
  "account_exists_invitation",
  "finish_joining",
  "password_reset",
] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];

export type NeutralEmail = { to: string; path: string; locale?: Locale | null; kind?: EmailKind };

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const keysOf = (kind: EmailKind) =>
  kind === "update"
    ? { subject: "email.subject", body: "email.body", open: "email.open" }
    : { subject: `email.${kind}.subject`, body: `email.${kind}.body`, open: `email.${kind}.open` };

export function renderNeutralEmail(email: NeutralEmail) {
  const env = getEnv();
  const t = serverT(email.locale ?? DEFAULT_LOCALE);
  const keys = keysOf(email.kind ?? "update");
  const link = new URL(email.path, env.APP_ORIGIN).toString();
  const subject = t(keys.subject);
  const text = `${t("email.greeting")}\n\n${t(keys.body)}\n\n${link}\n\n${t("email.footer")}\n`;
  const html = `<p>${escapeHtml(t("email.greeting"))}</p><p>${escapeHtml(t(keys.body))}</p><p><a href="${escapeHtml(link)}">${escapeHtml(t(keys.open))}</a></p><p>${escapeHtml(t("email.footer"))}</p>`;
  return { subject, text, html };
}

/** The job that delivers one queued email (any kind; `userId` and `path` make it a notice's email). */
export const EMAIL_JOB = "email.deliver";

export type EmailJobData = { outboxEmailId: string; userId?: string; path?: string };

/**
 * Queues a neutral email in the caller's transaction: the OutboxEmail row (what admins and e2e tests
 * read) and the job that delivers it after the commit. Returns the outbox id.
 */
export async function queueEmail(tx: Tx, email: NeutralEmail): Promise<string> {
  const rendered = renderNeutralEmail(email);
  const row = await tx.outboxEmail.create({ data: { to: email.to, ...rendered }, select: { id: true } });
  await enqueueJob(tx, EMAIL_JOB, { outboxEmailId: row.id } satisfies EmailJobData);
  return row.id;
}

/**
 * Tells a person that something changed at `path` (a same-site path), inside the caller's transaction:
 * an in-app notice always (the /notices page), and a neutral "you have an update" email when the person
 * has a confirmed address. The email is delivered after the commit, to the address confirmed at that
 * moment (`deliverEmail`). Returns the email's outbox id, or null when no email was queued.
 */
export async function notify(tx: Tx, userId: string, path: string): Promise<string | null> {
  await tx.inAppNotice.create({ data: { userId, path }, select: { id: true } });
  const contact = await getContactForNotice(userId, tx);
  if (!contact) return null;
  const rendered = renderNeutralEmail({ to: contact.email, path, locale: contact.locale });
  const row = await tx.outboxEmail.create({ data: { to: contact.email, ...rendered }, select: { id: true } });
  await enqueueJob(tx, EMAIL_JOB, { outboxEmailId: row.id, userId, path } satisfies EmailJobData);
  return row.id;
}

let transport: Transporter | undefined;
let testTransport: Transporter | null = null;

/** Tests only: deliver through this transporter (e.g. SMTP to a local fake), or null to go back to the environment's. */
export function setMailTransportForTests(next: Transporter | null) {
  testTransport = next;
}

function activeTransport(): Transporter | null {
  if (testTransport) return testTransport;
  const env = getEnv();
  if (env.MAIL_TRANSPORT !== "smtp") return null;
  // Bounded waits (nodemailer's defaults are minutes): a hanging server fails the attempt well within
  // the job's expiry, so pg-boss retries it instead of finding it still running.
  transport ??= nodemailer.createTransport({
    url: env.SMTP_URL,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return transport;
}

/** Why an email was not sent, as admins read it in the outbox (never a person's data). */
export const NO_CONFIRMED_ADDRESS = "not sent: the person has no confirmed address any more";

/**
 * The email job's worker: delivers one queued email after the commit. A notice's email goes to the
 * address the person has confirmed NOW (a changed address gets it, a removed one does not: then the job
 * is done and the row says why). With SMTP it is sent and its body, which may hold a one-time link, is
 * dropped; a transport error is written on the row and rethrown, so that the queue retries with backoff
 * (the row keeps the last error for admins after the final retry). Without SMTP the outbox row is the
 * delivery. Already-sent rows are skipped, so a repeated job does not send twice.
 */
export async function deliverEmail(data: EmailJobData): Promise<void> {
  const env = getEnv();
  const email = await prisma.outboxEmail.findUnique({ where: { id: data.outboxEmailId } });
  if (!email || email.sentAt) return;
  let message = { to: email.to, subject: email.subject, text: email.text, html: email.html };
  if (data.userId && data.path) {
    const contact = await getContactForNotice(data.userId);
    if (!contact) {
      await prisma.outboxEmail.update({
        where: { id: email.id },
        data: { text: "", html: "", error: NO_CONFIRMED_ADDRESS },
        select: { id: true },
      });
      return;
    }
    const rendered = renderNeutralEmail({ to: contact.email, path: data.path, locale: contact.locale });
    if (contact.email !== email.to || rendered.subject !== email.subject || rendered.text !== email.text) {
      message = { to: contact.email, ...rendered };
      await prisma.outboxEmail.update({ where: { id: email.id }, data: message, select: { id: true } });
    }
  }
  const sender = activeTransport();
  if (!sender) return;
  try {
    await sender.sendMail({ from: env.MAIL_FROM, ...message });
  } catch (error) {
    await prisma.outboxEmail.update({
      where: { id: email.id },
      data: { error: String(error).slice(0, 500) },
      select: { id: true },
    });
    throw error;
  }
  // Once delivered, the body (which may hold a one-time link) is not kept.
  await prisma.outboxEmail.update({
    where: { id: email.id },
    data: { sentAt: new Date(), text: "", html: "", error: null },
    select: { id: true },
  });
}

export const OUTBOX_PAGE_SIZE = 50;

/** The newest emails, for the admin outbox page (development and tests: nothing is sent). */
export function listOutbox(actor: Actor) {
  requirePermission(actor, "read:outbox:any");
  return prisma.outboxEmail.findMany({
    orderBy: { createdAt: "desc" },
    take: OUTBOX_PAGE_SIZE,
    select: { id: true, to: true, subject: true, text: true, sentAt: true, error: true, createdAt: true },
  });
}

/** How many emails the outbox holds (the admin overview). */
export function countOutbox(actor: Actor): Promise<number> {
  requirePermission(actor, "read:outbox:any");
  return prisma.outboxEmail.count();
}

// ---------------------------------------------------------------- in-app notices

export const NOTICES_PAGE_SIZE = 50;

/** The actor's own notices, newest first (the /notices page): where each leads and whether it was read. */
export function listNotices(actor: Actor) {
  requirePermission(actor, "read:settings:own", { ownerId: actor.id });
  return prisma.inAppNotice.findMany({
    where: { userId: actor.id },
    orderBy: { createdAt: "desc" },
    take: NOTICES_PAGE_SIZE,
    select: { id: true, path: true, readAt: true, createdAt: true },
  });
}

/** How many of a person's notices are unread (the header shows the count read with the session). */
export async function countUnreadNotices(userId: string): Promise<number> {
  const [row] = await readRows<{ count: number }>(
    sql`SELECT count(*)::int AS count FROM "InAppNotice" WHERE "userId" = ${userId} AND "readAt" IS NULL`,
  );
  return row!.count;
}

/**
 * The actor marks all their notices read. Not audited: reading one's own notices changes nothing that
 * anyone else sees or relies on.
 */
export async function markNoticesRead(actor: Actor): Promise<{ count: number }> {
  requirePermission(actor, "update:settings:own", { ownerId: actor.id });
  const { count } = await prisma.inAppNotice.updateMany({
    where: { userId: actor.id, readAt: null },
    data: { readAt: new Date() },
  });
  return { count };
}
