// Accounts: sign-up with referral codes, login, rate limits, sessions and password changes, end to end
// through the identity module against a real database.
import { describe, expect, test } from "vitest";
import { changePassword, setLegalName } from "#app/modules/identity/account.server.ts";
import { decryptField } from "#app/modules/identity/crypto.server.ts";
import { logIn } from "#app/modules/identity/login.server.ts";
import { getOptionalUser, IDLE_TIMEOUT_MS } from "#app/modules/identity/session.server.ts";
import { signUpLearner } from "#app/modules/identity/signup-learner.server.ts";
import { THROTTLE } from "#app/modules/identity/throttle.server.ts";
import * as loginRoute from "#app/routes/login.tsx";
import * as signupRoute from "#app/routes/signup.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createReferralCode, TEST_PASSWORD, uniqueEmail } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const PASSWORD = "Quiet-River-Lantern-84";

function signup(code: string, email = uniqueEmail("learner")) {
  return signUpLearner({ code, email, displayName: "Morning Star", password: PASSWORD, locale: "en" });
}

describe("learner sign-up with a referral code", () => {
  test("creates the account, the learner role, the redemption, a session and audit rows", async () => {
    const code = await createReferralCode({ maxUses: 2 });
    const email = uniqueEmail("learner");
    const result = await signup(code.code.toLowerCase(), email); // codes are case-insensitive
    expect(result.ok).toBe(true);
    const user = await prisma.user.findUniqueOrThrow({
      where: { email },
      include: { roles: true, referralRedemption: true, sessions: true },
    });
    expect(user.roles.map((r) => r.role)).toEqual(["learner"]);
    expect(user.referralRedemption?.codeId).toBe(code.id);
    expect(user.sessions).toHaveLength(1);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
    const audit = await prisma.auditEvent.findMany({ where: { actorId: user.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["referral_code.redeemed", "user.signed_up"]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  test.each([
    ["unknown", async () => "NOPE-NOPE-NOPE"],
    ["expired", async () => (await createReferralCode({ expiresAt: new Date(Date.now() - 1000) })).code],
    ["revoked", async () => (await createReferralCode({ revoked: true })).code],
  ])("a %s code is refused and nothing is created", async (_name, makeCode) => {
    const email = uniqueEmail("refused");
    const result = await signup(await makeCode(), email);
    expect(result).toEqual({ ok: false, field: "code", message: "signup.code_invalid" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("a single-use code works once; the second sign-up is refused and changes nothing", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    expect((await signup(code.code)).ok).toBe(true);
    const email = uniqueEmail("second");
    expect(await signup(code.code, email)).toMatchObject({ ok: false, field: "code" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("two sign-ups racing for the last use: exactly one wins", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const results = await Promise.all([signup(code.code), signup(code.code)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("a taken email rolls back the code use too", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    expect(await signup(code.code, existing.email)).toEqual({ ok: false, field: "email", message: "signup.email_taken" });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
  });

  test.each([
    ["short", "Short-pw-1", "password.too_short"],
    ["common", "password1234", "password.common"],
    ["keyboard walk", "qwertyuiopasdf", "password.common"],
  ])("a %s password is refused", async (_n, password, message) => {
    const code = await createReferralCode({});
    const email = uniqueEmail("weak");
    const result = await signUpLearner({ code: code.code, email, displayName: "Sky", password, locale: "en" });
    expect(result).toEqual({ ok: false, field: "password", message });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("the sign-up form: malformed and oversized input re-renders with field messages and 400", async () => {
    const request = makeRequest("/signup", {
      form: { code: "", email: "not-an-email", displayName: "x".repeat(5000), password: "a", confirmPassword: "b" },
    });
    const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    const errors = (outcome as { data: { errors: Record<string, string[]>; values: Record<string, string> } }).data;
    expect(errors.errors).toMatchObject({
      code: ["form.required"],
      email: ["form.email_invalid"],
      displayName: ["form.too_long"],
    });
    expect(errors.errors.confirmPassword).toEqual(["form.passwords_differ"]);
    expect(errors.values.password).toBeUndefined(); // passwords are never echoed back
  });

  test("a body that is not a form is a 400, not a 500", async () => {
    const request = new Request("http://localhost:3000/signup", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
      body: "garbage",
    });
    const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
  });
});

describe("login", () => {
  test("right password: a new session each time, and an audit row", async () => {
    const user = await createLearner();
    const a = await logIn({ email: user.email, password: TEST_PASSWORD, ip: "198.51.100.1" });
    const b = await logIn({ email: user.email, password: TEST_PASSWORD, ip: "198.51.100.1" });
    expect(a.ok && b.ok).toBe(true);
    if (!a.ok || !b.ok) return;
    expect(a.cookie).not.toBe(b.cookie);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login", actorId: user.id } })).toBe(2);
  });

  test("wrong password and unknown email give the same answer, and are audited without the password", async () => {
    const user = await createLearner();
    expect(await logIn({ email: user.email, password: "Wrong-password-123", ip: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await logIn({ email: uniqueEmail("ghost"), password: "Wrong-password-123", ip: null })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const failed = await prisma.auditEvent.findMany({ where: { action: "auth.login_failed", entityId: user.id } });
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed)).not.toContain("Wrong-password-123");
  });

  test(`an account locks after ${THROTTLE.accountLimit} failures, even for the right password`, async () => {
    const user = await createLearner();
    for (let i = 1; i < THROTTLE.accountLimit; i++) {
      expect(await logIn({ email: user.email, password: `Wrong-password-${i}`, ip: `192.0.2.${i}` })).toEqual({
        ok: false,
        reason: "invalid",
      });
    }
    expect(await logIn({ email: user.email, password: "Wrong-password-x", ip: "192.0.2.99" })).toMatchObject({
      ok: false,
      reason: "locked",
    });
    expect(await logIn({ email: user.email, password: TEST_PASSWORD, ip: "192.0.2.100" })).toMatchObject({
      ok: false,
      reason: "locked",
      minutes: THROTTLE.lockMinutes,
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test(`an IP locks after ${THROTTLE.ipLimit} failures across accounts`, async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    for (let i = 0; i < THROTTLE.ipLimit - 1; i++) {
      await logIn({ email: uniqueEmail("spray"), password: "Wrong-password-1", ip });
    }
    expect(await logIn({ email: uniqueEmail("spray"), password: "Wrong-password-1", ip })).toMatchObject({
      ok: false,
      reason: "locked",
    });
    const innocent = await createLearner();
    expect(await logIn({ email: innocent.email, password: TEST_PASSWORD, ip })).toMatchObject({ ok: false, reason: "locked" });
    expect((await logIn({ email: innocent.email, password: TEST_PASSWORD, ip: "198.51.100.200" })).ok).toBe(true);
  });

  test("the lock is shared through the database: a second app instance's check sees it", async () => {
    const user = await createLearner();
    for (let i = 0; i < THROTTLE.accountLimit; i++) await logIn({ email: user.email, password: "nope-nope-nope", ip: null });
    const rows = await prisma.loginThrottle.findMany({ where: { lockedUntil: { gt: new Date() } } });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(user.email); // keys are hashed
  });

  test("the login route answers a lock with 429 and a wrong password with 400", async () => {
    const user = await createLearner();
    const post = (password: string) =>
      run(() =>
        loginRoute.action({
          request: makeRequest("/login", { form: { email: user.email, password } }),
          params: {},
          context: { ...context, clientIp: "192.0.2.250" },
        } as never),
      );
    expect(await post("Wrong-password-1")).toMatchObject({ kind: "ok", status: 400 });
    for (let i = 0; i < THROTTLE.accountLimit; i++) await post("Wrong-password-1");
    expect(await post(TEST_PASSWORD)).toMatchObject({ kind: "ok", status: 429 });
  });
});

describe("sessions", () => {
  test("a forged or tampered cookie is no session", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    expect(await getOptionalUser(makeRequest("/", { cookie }))).toMatchObject({ id: user.id });
    const [name, value] = cookie.split("=") as [string, string];
    const tampered = `${name}=${value.slice(0, -3)}abc`;
    expect(await getOptionalUser(makeRequest("/", { cookie: tampered }))).toBeNull();
    expect(await getOptionalUser(makeRequest("/", { cookie: `${name}=${"A".repeat(5000)}` }))).toBeNull();
  });

  test("idle timeout (30 min) and absolute timeout (12 h) end a session and delete it", async () => {
    const user = await createLearner();
    const idle = await sessionCookieFor(user.id);
    await prisma.session.updateMany({
      where: { userId: user.id },
      data: { lastSeenAt: new Date(Date.now() - IDLE_TIMEOUT_MS - 1000) },
    });
    expect(await getOptionalUser(makeRequest("/", { cookie: idle }))).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);

    const old = await sessionCookieFor(user.id);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await getOptionalUser(makeRequest("/", { cookie: old }))).toBeNull();
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("an active session stays alive and its last-seen time moves", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    const past = new Date(Date.now() - IDLE_TIMEOUT_MS + 60_000 * 5);
    await prisma.session.updateMany({ where: { userId: user.id }, data: { lastSeenAt: past } });
    expect(await getOptionalUser(makeRequest("/", { cookie }))).not.toBeNull();
    const s = await prisma.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(s.lastSeenAt.getTime()).toBeGreaterThan(past.getTime());
  });

  test("a password change ends every session of the user", async () => {
    const user = await createLearner();
    const a = await sessionCookieFor(user.id);
    const b = await sessionCookieFor(user.id);
    expect(
      await changePassword({ userId: user.id, currentPassword: "wrong-current-pw", password: "Another-Quiet-River-77" }),
    ).toMatchObject({ ok: false, field: "currentPassword" });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" })).toEqual(
      { ok: true },
    );
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getOptionalUser(makeRequest("/", { cookie: a }))).toBeNull();
    expect(await getOptionalUser(makeRequest("/", { cookie: b }))).toBeNull();
    expect((await logIn({ email: user.email, password: "Another-Quiet-River-77", ip: null })).ok).toBe(true);
    expect(await prisma.auditEvent.count({ where: { action: "auth.password_changed", actorId: user.id } })).toBe(1);
  });
});

test("guessing the current password in settings is throttled like logging in", async () => {
  const user = await createLearner();
  for (let i = 0; i < THROTTLE.accountLimit; i++) {
    expect(
      await changePassword({ userId: user.id, currentPassword: `guess-number-${i}`, password: "Another-Quiet-River-77" }),
    ).toMatchObject({ ok: false, field: "currentPassword" });
  }
  expect(await changePassword({ userId: user.id, currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" })).toEqual({
    ok: false,
    field: "currentPassword",
    message: "password.locked",
  });
  expect(await logIn({ email: user.email, password: TEST_PASSWORD, ip: null })).toMatchObject({ ok: false, reason: "locked" });
});

describe("legal name", () => {
  test("is stored only as AES-256-GCM ciphertext and the audit row does not contain it", async () => {
    const user = await createLearner();
    await setLegalName({ userId: user.id, legalName: "Maria Example Fernandez", consent: true });
    const rows = await prisma.$queryRaw<
      Array<{ row: string }>
    >`SELECT row_to_json(u)::text AS row FROM "User" u WHERE id = ${user.id}`;
    expect(rows[0]!.row).not.toContain("Maria");
    const stored = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.legalNameCipher).toMatch(/^v1\./);
    expect(decryptField(stored.legalNameCipher!)).toBe("Maria Example Fernandez");
    const audit = await prisma.auditEvent.findMany({ where: { entityId: user.id, action: "user.legal_name_changed" } });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain("Maria");
    await setLegalName({ userId: user.id, legalName: undefined, consent: true });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      legalNameCipher: null,
      legalNameConsent: false,
    });
  });
});
