// One mailer for every email. Each email is neutral ("You have an update on Waystone" and a link),
// never naming a course, credential or person (docs/architecture.md "safety first"). Emails are written to
// the OutboxEmail table inside the caller's transaction, so a change and its notice commit together;
// with MAIL_TRANSPORT=smtp they are then delivered through nodemailer, otherwise admins read the outbox.
import nodemailer, { type Transporter } from "nodemailer";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma, type Tx } from "./db.server.ts";
import { getEnv } from "./env.server.ts";
import { DEFAULT_LOCALE, type Locale } from "./i18n.ts";
import { serverT } from "./i18n.server.ts";

export type NeutralEmail = { to: string; path: string; locale?: Locale | null };

function escapeHtml(s: string) {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderNeutralEmail(email: NeutralEmail) {
  const env = getEnv();
  const t = serverT(email.locale ?? DEFAULT_LOCALE);
  const link = new URL(email.path, env.APP_ORIGIN).toString();
  const subject = t("email.subject");
  const text = `${t("email.greeting")}\n\n${t("email.body")}\n\n${link}\n\n${t("email.footer")}\n`;
  const html = `<p>${escapeHtml(t("email.greeting"))}</p><p>${escapeHtml(t("email.body"))}</p><p><a href="${escapeHtml(link)}">${escapeHtml(t("email.open"))}</a></p><p>${escapeHtml(t("email.footer"))}</p>`;
  return { subject, text, html };
}

/** Queues a neutral email in the caller's transaction; returns its outbox id for `deliverQueued`. */
export async function queueEmail(tx: Tx, email: NeutralEmail): Promise<string> {
  const rendered = renderNeutralEmail(email);
  const row = await tx.outboxEmail.create({ data: { to: email.to, ...rendered }, select: { id: true } });
  return row.id;
}

let transport: Transporter | undefined;

/** After commit: hands queued emails to SMTP when configured. The outbox transport needs no delivery. */
export async function deliverQueued(ids: string[]): Promise<void> {
  const env = getEnv();
  if (env.MAIL_TRANSPORT !== "smtp" || ids.length === 0) return;
  transport ??= nodemailer.createTransport(env.SMTP_URL);
  const emails = await prisma.outboxEmail.findMany({ where: { id: { in: ids }, sentAt: null } });
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
