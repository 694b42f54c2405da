import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { randomReadableCode, sha256 } from "./crypto.server.ts";

/** Codes are compared without dashes, spaces or case, so "abcd-efgh" and "ABCDEFGH" are the same code. */
export function normaliseReferralCode(code: string) {
  return code.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** Creates a referral code for a partner NGO. The code is returned once and stored only as a hash. */
export async function createReferralCode(options: {
  actorId: string;
  ngoId: string;
  label: string;
  maxUses: number;
  expiresInDays: number;
  code?: string; // the seed passes a fixed demo code; everything else gets a random one
}): Promise<{ id: string; code: string }> {
  const code = options.code ?? randomReadableCode(12);
  return prisma.$transaction(async (tx) => {
    const ngo = await tx.organisation.findUnique({ where: { id: options.ngoId }, select: { id: true, kind: true } });
    if (!ngo || ngo.kind !== "ngo") throw new AppError("NOT_FOUND", "ngo");
    const row = await tx.referralCode.create({
      data: {
        ngoId: ngo.id,
        codeHash: sha256(normaliseReferralCode(code)),
        label: options.label,
        maxUses: options.maxUses,
        expiresAt: new Date(Date.now() + options.expiresInDays * 86_400_000),
        createdById: options.actorId,
      },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "referral_code.created",
      entityType: "referral_code",
      entityId: row.id,
      data: { ngoId: ngo.id, maxUses: options.maxUses, expiresInDays: options.expiresInDays },
    });
    return { id: row.id, code };
  });
}

export async function revokeReferralCode(options: { actorId: string; codeId: string }) {
  await prisma.$transaction(async (tx) => {
    const code = await tx.referralCode.findUnique({ where: { id: options.codeId }, select: { id: true, revokedAt: true } });
    if (!code) throw new AppError("NOT_FOUND");
    if (code.revokedAt) return;
    await tx.referralCode.update({ where: { id: code.id }, data: { revokedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "referral_code.revoked",
      entityType: "referral_code",
      entityId: code.id,
    });
  });
}

export function listReferralCodes() {
  return prisma.referralCode.findMany({
    orderBy: { createdAt: "desc" },
    take: 100,
    select: {
      id: true,
      label: true,
      maxUses: true,
      uses: true,
      expiresAt: true,
      revokedAt: true,
      createdAt: true,
      ngo: { select: { name: true } },
    },
  });
}
