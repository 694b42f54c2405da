import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser } from "#tests/factories.ts";
import { decryptField } from "./crypto.server.ts";
import { revealLegalName } from "./queries.server.ts";
import { setLegalName } from "./set-legal-name.server.ts";
import { actorFor } from "./session.server.ts";

describe("setLegalName", () => {
  test("stores the name encrypted with the consent; the audit row says only that it changed", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    await setLegalName(actor, { legalName: "Amina Example", legalNameConsent: "on" });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.legalNameConsent).toBe(true);
    expect(decryptField(row.legalNameCipher!)).toBe("Amina Example");
    expect(await revealLegalName(actor)).toBe("Amina Example");
    const audit = await prisma.auditEvent.findFirstOrThrow({ where: { action: "user.legal_name_changed", entityId: user.id } });
    expect(audit.data).toEqual({ stored: true, consent: true });
  });

  test("no new name keeps the stored one (the page never shows it back); the consent can change alone", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    await setLegalName(actor, { legalName: "Amina Example", legalNameConsent: "on" });
    await setLegalName(actor, { legalName: undefined });
    expect(await revealLegalName(actor)).toBe("Amina Example");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).legalNameConsent).toBe(false);
    await setLegalName(actor, { legalName: "Amina B. Example", legalNameConsent: "on" });
    expect(await revealLegalName(actor)).toBe("Amina B. Example");
  });

  test("removing the name clears the consent too", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    await setLegalName(actor, { legalName: "Amina Example", legalNameConsent: "on" });
    await setLegalName(actor, { remove: true, legalNameConsent: "on" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      legalNameCipher: null,
      legalNameConsent: false,
    });
    expect(await revealLegalName(actor)).toBeNull();
  });

  test.each(["verifier", "sponsor", "educator", "admin"] as const)(
    "a %s holds no credentials: no legal name is stored, and nothing is written",
    async (role) => {
      const user = await createUser({ roles: [role] });
      await expect(setLegalName(await actorFor(user.id), { legalName: "Someone", legalNameConsent: "on" })).rejects.toMatchObject(
        {
          reason: "permission.denied",
        },
      );
      expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).legalNameCipher).toBeNull();
      expect(await prisma.auditEvent.count({ where: { entityId: user.id } })).toBe(0);
    },
  );

  test("an account with no role left cannot store a legal name, and nothing is written", async () => {
    const user = await createUser({ roles: [] });
    await expect(setLegalName(await actorFor(user.id), { legalName: "Someone" })).rejects.toMatchObject({
      reason: "permission.denied",
    });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).legalNameCipher).toBeNull();
    expect(await prisma.auditEvent.count({ where: { entityId: user.id } })).toBe(0);
  });
});
