import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import type { Locale } from "#app/utils/i18n.ts";
import { decryptField, encryptField } from "./crypto.server.ts";
import { checkPasswordPolicy, hashPassword, verifyPassword } from "./password.server.ts";
import { lockedFor, recordFailure, throttleKeys } from "./throttle.server.ts";

export async function getAccount(userId: string) {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      displayName: true,
      email: true,
      locale: true,
      lowData: true,
      legalNameCipher: true,
      legalNameConsent: true,
    },
  });
  const { legalNameCipher, ...rest } = user;
  return { ...rest, hasLegalName: legalNameCipher !== null };
}

/** Decrypts the legal name for its owner only (the settings page shows it back to them). */
export async function revealLegalName(userId: string): Promise<string | null> {
  const user = await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { legalNameCipher: true } });
  return user.legalNameCipher ? decryptField(user.legalNameCipher) : null;
}

export async function updateProfile(options: { userId: string; displayName: string; locale: Locale; lowData: boolean }) {
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: options.userId },
      data: { displayName: options.displayName, locale: options.locale, lowData: options.lowData },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.userId,
      action: "user.settings_changed",
      entityType: "user",
      entityId: options.userId,
      data: { fields: ["displayName", "locale", "lowData"] },
    });
  });
}

export async function updatePreferences(options: { userId: string; locale?: Locale; lowData?: boolean }) {
  await prisma.user.update({
    where: { id: options.userId },
    data: {
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.lowData !== undefined ? { lowData: options.lowData } : {}),
    },
    select: { id: true },
  });
}

/** Stores (encrypted) or clears the optional legal name; the audit row records only that it changed. */
export async function setLegalName(options: { userId: string; legalName: string | undefined; consent: boolean }) {
  const cipher = options.legalName ? encryptField(options.legalName) : null;
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: options.userId },
      data: { legalNameCipher: cipher, legalNameConsent: cipher ? options.consent : false },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.userId,
      action: "user.legal_name_changed",
      entityType: "user",
      entityId: options.userId,
      data: { stored: cipher !== null, consent: cipher ? options.consent : false },
    });
  });
}

export type ChangePasswordResult = { ok: true } | { ok: false; field: string; message: string };

/** Changes the password and ends every session of the user, this one included. */
export async function changePassword(options: {
  userId: string;
  currentPassword: string;
  password: string;
}): Promise<ChangePasswordResult> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { id: options.userId },
    select: { passwordHash: true, email: true, displayName: true },
  });
  // Guessing the current password is throttled like logging in, on the same counters.
  const keys = throttleKeys(user.email, null);
  if ((await lockedFor(keys)) > 0) return { ok: false, field: "currentPassword", message: "password.locked" };
  if (!(await verifyPassword(user.passwordHash, options.currentPassword))) {
    await recordFailure(keys);
    return { ok: false, field: "currentPassword", message: "password.current_wrong" };
  }
  const problem = await checkPasswordPolicy(options.password, [user.email, user.displayName, "waystone"]);
  if (problem) return { ok: false, field: "password", message: `password.${problem}` };
  const passwordHash = await hashPassword(options.password);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: options.userId },
      data: { passwordHash, passwordChangedAt: new Date() },
      select: { id: true },
    });
    await tx.session.deleteMany({ where: { userId: options.userId } });
    await recordAudit(tx, {
      actorId: options.userId,
      action: "auth.password_changed",
      entityType: "user",
      entityId: options.userId,
    });
  });
  return { ok: true };
}
