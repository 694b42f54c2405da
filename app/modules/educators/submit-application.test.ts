import { describe, expect, test } from "vitest";
import { sha256 } from "#app/modules/identity/crypto.server.ts";
import { RATE_LIMITS } from "#app/modules/identity/rate-limit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { applicationInput } from "#tests/application-input.ts";
import { createLearner } from "#tests/factories.ts";
import type { EducatorApplicationInput } from "./schemas.ts";
import { submitApplication } from "./submit-application.server.ts";

/** The words of an email, without its link (the link's path is /join/educator/confirm/…, as published). */
const words = (text: string) => text.replace(/https?:\/\/\S+/g, "");

const submit = (data: EducatorApplicationInput, clientIp: string | null = null) =>
  submitApplication({ locale: "es", clientIp }, data);

describe("applying to teach", () => {
  test("a new address: no account yet; the application waits in a pending sign-up and the link goes by email", async () => {
    const data = applicationInput();
    await submit(data);
    expect(await prisma.user.count({ where: { OR: [{ email: data.email }, { username: data.username }] } })).toBe(0);
    const pending = await prisma.pendingSignup.findFirstOrThrow({ where: { email: data.email } });
    expect(pending).toMatchObject({ purpose: "educator_application", usedAt: null });
    expect(pending.expiresAt.getTime() - Date.now()).toBeGreaterThan(23.9 * 3_600_000);
    expect(pending.payload).toMatchObject({
      account: { username: data.username, displayName: "Prof Ada", locale: "es" },
      data: { subjects: ["physics", "mathematics"], institution: "Somewhere University", reference2Contact: "+00 555 0101" },
    });
    const hash = (pending.payload as { account: { passwordHash: string } }).account.passwordHash;
    expect(hash).toMatch(/^\$argon2id\$/);
    const sent = await prisma.outboxEmail.findMany({ where: { to: data.email } });
    expect(sent).toHaveLength(1);
    const token = /\/join\/educator\/confirm\/([A-Za-z0-9_-]+)/.exec(sent[0]!.text)![1]!;
    expect(pending.tokenHash).toBe(sha256(token));
    expect(words(sent[0]!.text)).not.toMatch(/educat|teach|physics|enseñ/i);
  });

  test("an address with an account: the same work, and the neutral account-exists message without a link", async () => {
    const existing = await createLearner();
    await submit(applicationInput({ email: existing.email }));
    const pending = await prisma.pendingSignup.findFirstOrThrow({ where: { email: existing.email } });
    expect(pending.usedAt).not.toBeNull(); // written spent: nothing can claim it
    const sent = await prisma.outboxEmail.findMany({ where: { to: existing.email } });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).not.toContain("/join/educator/confirm/");
    expect(words(sent[0]!.text)).not.toMatch(/educat|teach|physics|enseñ/i);
    expect(await prisma.educatorApplication.count({ where: { userId: existing.id } })).toBe(0);
    expect(await prisma.userRole.count({ where: { userId: existing.id, role: "educator" } })).toBe(0);
  });

  test("a weak password is refused on the password field, and nothing is written", async () => {
    const data = applicationInput({ password: "password1234", confirmPassword: "password1234" });
    await expect(submit(data)).rejects.toMatchObject({ reason: "password.rejected", field: "password" });
    expect(await prisma.pendingSignup.count({ where: { email: data.email } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: data.email } })).toBe(0);
  });

  test("a taken username is refused on the username field, and nothing is written", async () => {
    const existing = await createLearner();
    const data = applicationInput({ username: existing.username });
    await expect(submit(data)).rejects.toMatchObject({ reason: "account.username_taken", field: "username" });
    expect(await prisma.pendingSignup.count({ where: { email: data.email } })).toBe(0);
    expect(await prisma.outboxEmail.count({ where: { to: data.email } })).toBe(0);
  });

  test("a flood from one client is refused before anything is written", async () => {
    const client = `192.0.2.${Date.now()}`;
    await prisma.rateLimit.create({ data: { key: `application:${sha256(client)}`, count: RATE_LIMITS.application.limit } });
    const data = applicationInput();
    await expect(submit(data, client)).rejects.toMatchObject({ reason: "request.too_many", status: 429 });
    expect(await prisma.pendingSignup.count({ where: { email: data.email } })).toBe(0);
  });
});
