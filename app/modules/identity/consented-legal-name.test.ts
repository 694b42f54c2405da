// getConsentedLegalName: the one read that gives another module a legal name (a learner's share that
// chose to show it). Only a stored name with consent; nothing otherwise, and nothing once consent ends.
import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "#tests/factories.ts";
import { getConsentedLegalName } from "./queries.server.ts";
import { setLegalName } from "./set-legal-name.server.ts";
import { actorFor } from "./session.server.ts";

describe("getConsentedLegalName", () => {
  test("the decrypted name when stored with consent; null without consent, once removed, or for no one", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    expect(await getConsentedLegalName(user.id)).toBeNull();

    await setLegalName(actor, { legalName: "Amina Example" });
    expect(await getConsentedLegalName(user.id)).toBeNull();

    await setLegalName(actor, { legalName: undefined, legalNameConsent: "on" });
    expect(await getConsentedLegalName(user.id)).toBe("Amina Example");
    expect(await prisma.$transaction((tx) => getConsentedLegalName(user.id, tx))).toBe("Amina Example");

    await setLegalName(actor, { legalName: undefined });
    expect(await getConsentedLegalName(user.id)).toBeNull();

    await setLegalName(actor, { legalName: "Amina Example", legalNameConsent: "on" });
    await setLegalName(actor, { remove: true, legalNameConsent: "on" });
    expect(await getConsentedLegalName(user.id)).toBeNull();

    expect(await getConsentedLegalName("cnobody000000000000")).toBeNull();
  });
});
