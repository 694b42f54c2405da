// One mailer for every email, and the in-app notices. Each email is neutral: one of a few kinds of text
// ("you have an update", "confirm this address", "someone tried to use this address", "finish joining")
// and a link, never naming a course, credential, role or person (docs/architecture.md "safety first").
// Emails are written to the OutboxEmail table inside the caller's transaction, so a change and its notice
// commit together; with MAIL_TRANSPORT=smtp they are then delivered through nodemailer, otherwise admins
// read the outbox. `notify` is how an operation tells a person that something changed: an in-app notice
// always, and an email too when the person has a confirmed address.
import nodemailer, { type Transporter } from "nodemailer";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { getContactForNotice } from "#app/modules/identity/queries.server.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, type Tx } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
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

/** Queues a neutral email in the caller's transaction; returns its outbox id for `deliverQueued`. */
export async function queueEmail(tx: Tx, email: NeutralEmail): Promise<string> {
  const rendered = renderNeutralEmail(email);
  const row = await tx.outboxEmail.create({ data: { to: email.to, ...rendered }, select: { id: true } });
  return row.id;
}

/**
 * Tells a person that something changed at `path` (a same-site path), inside the caller's transaction:
 * an in-app notice always (the /notices page), and a neutral "you have an update" email when the person
 * has a confirmed address. Returns the email's outbox id (for `deliverQueued` after the commit), or null.
 */
export async function notify(tx: Tx, userId: string, path: string): Promise<string | null> {
  await tx.inAppNotice.create({ data: { userId, path }, select: { id: true } });
  const contact = await getContactForNotice(userId, tx);
  return contact ? queueEmail(tx, { to: contact.email, path, locale: contact.locale }) : null;
}

let transport: Transporter | undefined;

/** After commit: hands queued emails to SMTP when configured. The outbox transport needs no delivery. */
export async function deliverQueued(ids: ReadonlyArray<string | null>): Promise<void> {
  const env = getEnv();
  const wanted = ids.filter((id): id is string => Boolean(id));
  if (env.MAIL_TRANSPORT !== "smtp" || wanted.length === 0) return;
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  const emails = await prisma.outboxEmail.findMany({ where: { id: { in: wanted }, sentAt: null } });
  for (const e of emails) {
    try {
      await transport.sendMail({ from: env.MAIL_FROM, to: e.to, subject: e.subject, text: e.text, html: e.html });
      // Once delivered, the body (which may hold a one-time link) is not kept.
      await prisma.outboxEmail.update({
        where: { id: e.id },
        data: { sentAt: new Date(), text: "", html: "" },
        select: { id: true },
      });
    } catch (error) {
      await prisma.outboxEmail.update({
        where: { id: e.id },
        data: { error: String(error).slice(0, 500) },
        select: { id: true },
      });
    }
  }
}

export const OUTBOX_PAGE_SIZE = 50;

/** The newest emails, for the admin outbox page (development and tests: nothing is sent). */
export function listOutbox(actor: Actor) {
  requirePermission(actor, "read:outbox:any");
  return prisma.outboxEmail.findMany({
    orderBy: { createdAt: "desc" },
    take: OUTBOX_PAGE_SIZE,
    select: { id: true, to: true, subject: true, text: true, sentAt: true, createdAt: true },
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

/** How many of a person's notices are unread (the header's notices link). */
export function countUnreadNotices(userId: string): Promise<number> {
  return prisma.inAppNotice.count({ where: { userId, readAt: null } });
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
