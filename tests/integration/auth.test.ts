// Accounts: sign-up with referral codes, login, rate limits, sessions and password changes, end to end
// through the identity module against a real database.
import { describe, expect, test } from "vitest";
import { changePassword } from "#app/modules/identity/change-password.server.ts";
import { decryptField } from "#app/modules/identity/crypto.server.ts";
import { logIn } from "#app/modules/identity/log-in.server.ts";
import { actorFor, getOptionalUser, IDLE_TIMEOUT_MS } from "#app/modules/identity/session.server.ts";
import { setLegalName } from "#app/modules/identity/set-legal-name.server.ts";
import { signUpLearner } from "#app/modules/identity/sign-up-learner.server.ts";
import { THROTTLE } from "#app/modules/identity/throttle.server.ts";
import * as loginRoute from "#app/routes/login.tsx";
import * as preferencesRoute from "#app/routes/preferences.tsx";
import * as settingsRoute from "#app/routes/settings.tsx";
import * as signupRoute from "#app/routes/signup.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createReferralCode, TEST_PASSWORD, uniqueEmail } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const PASSWORD = "Quiet-River-Lantern-84";

function signup(code: string, email = uniqueEmail("learner")) {
  return signUpLearner(
    { locale: "en" },
    { code, email, displayName: "Morning Star", password: PASSWORD, confirmPassword: PASSWORD },
  );
}

/** The reason an operation refused with (or "ok"). */
function outcome(promise: Promise<unknown>) {
  return promise.then(
    () => "ok",
    (e: { reason?: string; field?: string; key?: string; params?: unknown }) =>
      e.reason ? { reason: e.reason, field: e.field, key: e.key, ...(e.params ? { params: e.params } : {}) } : Promise.reject(e),
  );
}

const logInAs = (email: string, password: string, ip: string | null = null) => outcome(logIn({ ip }, { email, password }));
const INVALID = { reason: "login.invalid", field: undefined, key: "reason.login.invalid" };

type FormData400 = { result: { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> } };

describe("learner sign-up with a referral code", () => {
  test("creates the account, the learner role, the redemption, a session and audit rows", async () => {
    const code = await createReferralCode({ maxUses: 2 });
    const email = uniqueEmail("learner");
    const result = await signup(code.code.toLowerCase(), email); // codes are case-insensitive
    expect(result.cookie).toMatch(/waystone_session=/);
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
    const result = await outcome(signup(await makeCode(), email));
    expect(result).toEqual({ reason: "referral_code.invalid", field: "code", key: "reason.referral_code.invalid" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("a single-use code works once; the second sign-up is refused and changes nothing", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    expect(await outcome(signup(code.code))).toBe("ok");
    const email = uniqueEmail("second");
    expect(await outcome(signup(code.code, email))).toMatchObject({ reason: "referral_code.invalid", field: "code" });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("two sign-ups racing for the last use: exactly one wins", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const results = await Promise.all([outcome(signup(code.code)), outcome(signup(code.code))]);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r !== "ok")).toEqual([expect.objectContaining({ reason: "referral_code.invalid" })]);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("a taken email rolls back the code use too", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    expect(await outcome(signup(code.code, existing.email))).toEqual({
      reason: "account.email_taken",
      field: "email",
      key: "reason.account.email_taken",
    });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
    expect(await prisma.referralRedemption.count({ where: { codeId: code.id } })).toBe(0);
  });

  test.each([
    ["short", "Short-pw-1", "password.too_short"],
    ["common", "password1234", "password.common"],
    ["keyboard walk", "qwertyuiopasdf", "password.common"],
  ])("a %s password is refused", async (_n, password, message) => {
    const code = await createReferralCode({});
    const email = uniqueEmail("weak");
    const result = await outcome(
      signUpLearner({ locale: "en" }, { code: code.code, email, displayName: "Sky", password, confirmPassword: password }),
    );
    expect(result).toEqual({ reason: "password.rejected", field: "password", key: message });
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
  });

  test("the sign-up form: malformed and oversized input re-renders with field messages and 400", async () => {
    const request = makeRequest("/signup", {
      form: { code: "", email: "not-an-email", displayName: "x".repeat(5000), password: "a", confirmPassword: "b" },
    });
    const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    const { result } = (outcome as { data: FormData400 }).data;
    expect(result.error).toMatchObject({
      code: ["form.required"],
      email: ["form.email_invalid"],
      displayName: ["form.too_long"],
    });
    expect(result.error.confirmPassword).toEqual(["form.passwords_differ"]);
    expect(result.initialValue.email).toBe("not-an-email");
    expect(result.initialValue.password).toBeUndefined(); // passwords are never echoed back
    expect(result.initialValue.confirmPassword).toBeUndefined();
  });

  test("the sign-up form: a refusal of the operation re-renders the form with every value but the passwords", async () => {
    const code = await createReferralCode({ maxUses: 1, uses: 1 });
    const email = uniqueEmail("kept");
    const request = makeRequest("/signup", {
      form: { code: code.code, email, displayName: "Kept Name", password: PASSWORD, confirmPassword: PASSWORD },
    });
    const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "referral_code.invalid" } });
    const { result } = (outcome as { data: FormData400 }).data;
    expect(result.error).toEqual({ code: ["reason.referral_code.invalid"] });
    expect(result.initialValue).toMatchObject({ code: code.code, email, displayName: "Kept Name" });
    expect(result.initialValue.password).toBeUndefined();
    expect(await prisma.user.count({ where: { email } })).toBe(0);
  });

  test("the sign-up form: a taken email is a 409 with the message on the email field", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    const request = makeRequest("/signup", {
      form: { code: code.code, email: existing.email, displayName: "Second", password: PASSWORD, confirmPassword: PASSWORD },
    });
    const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
    expect(outcome).toMatchObject({ kind: "ok", status: 409 });
    expect((outcome as { data: FormData400 }).data.result.error).toEqual({ email: ["reason.account.email_taken"] });
  });

  test("the sign-up form: control characters in any field are a 400 on that field, and nothing is written", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    for (const field of ["code", "email", "displayName", "password"]) {
      const email = uniqueEmail("nul");
      const form = { code: code.code, email, displayName: "Null Byte", password: PASSWORD, confirmPassword: PASSWORD };
      form[field as keyof typeof form] = `${form[field as keyof typeof form]}\u0000x`;
      const request = makeRequest("/signup", { form });
      const outcome = await run(() => signupRoute.action({ request, params: {}, context } as never));
      expect(outcome, field).toMatchObject({ kind: "ok", status: 400 });
      expect((outcome as { data: FormData400 }).data.result.error[field], field).toContain("reason.request.control_characters");
      expect(await prisma.user.count({ where: { email: { startsWith: email.slice(0, 12) } } })).toBe(0);
    }
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
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
    const a = await logIn({ ip: "198.51.100.1" }, { email: user.email, password: TEST_PASSWORD });
    const b = await logIn({ ip: "198.51.100.1" }, { email: user.email, password: TEST_PASSWORD });
    expect(a.roles).toEqual(["learner"]);
    expect(a.cookie).not.toBe(b.cookie);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login", actorId: user.id } })).toBe(2);
  });

  test("wrong password and unknown email give the same answer, and are audited without the password", async () => {
    const user = await createLearner();
    expect(await logInAs(user.email, "Wrong-password-123")).toEqual(INVALID);
    expect(await logInAs(uniqueEmail("ghost"), "Wrong-password-123")).toEqual(INVALID);
    const failed = await prisma.auditEvent.findMany({ where: { action: "auth.login_failed", entityId: user.id } });
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed)).not.toContain("Wrong-password-123");
  });

  test(`an account locks after ${THROTTLE.accountLimit} failures, even for the right password`, async () => {
    const user = await createLearner();
    for (let i = 1; i < THROTTLE.accountLimit; i++) {
      expect(await logInAs(user.email, `Wrong-password-${i}`, `192.0.2.${i}`)).toEqual(INVALID);
    }
    expect(await logInAs(user.email, "Wrong-password-x", "192.0.2.99")).toMatchObject({ reason: "login.locked" });
    expect(await logInAs(user.email, TEST_PASSWORD, "192.0.2.100")).toEqual({
      reason: "login.locked",
      field: undefined,
      key: "reason.login.locked",
      params: { minutes: THROTTLE.lockMinutes },
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test(`an IP locks after ${THROTTLE.ipLimit} failures across accounts`, async () => {
    const ip = `203.0.113.${Math.floor(Math.random() * 200) + 20}`;
    for (let i = 0; i < THROTTLE.ipLimit - 1; i++) {
      await logInAs(uniqueEmail("spray"), "Wrong-password-1", ip);
    }
    expect(await logInAs(uniqueEmail("spray"), "Wrong-password-1", ip)).toMatchObject({ reason: "login.locked" });
    const innocent = await createLearner();
    expect(await logInAs(innocent.email, TEST_PASSWORD, ip)).toMatchObject({ reason: "login.locked" });
    expect(await logInAs(innocent.email, TEST_PASSWORD, "198.51.100.200")).toBe("ok");
  });

  test("the lock is shared through the database: a second app instance's check sees it", async () => {
    const user = await createLearner();
    for (let i = 0; i < THROTTLE.accountLimit; i++) await logInAs(user.email, "nope-nope-nope");
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
    const wrong = await post("Wrong-password-1");
    expect(wrong).toMatchObject({ kind: "ok", status: 400, data: { reason: "login.invalid" } });
    const reply = (wrong as { data: FormData400 }).data.result;
    expect(reply.error).toEqual({ "": ["reason.login.invalid"] });
    expect(reply.initialValue).toMatchObject({ email: user.email });
    expect(reply.initialValue.password).toBeUndefined();
    for (let i = 0; i < THROTTLE.accountLimit; i++) await post("Wrong-password-1");
    expect(await post(TEST_PASSWORD)).toMatchObject({
      kind: "ok",
      status: 429,
      data: { reason: "login.locked", params: { minutes: THROTTLE.lockMinutes } },
    });
  });

  test("the login route: the right password redirects home with a session cookie, and a safe redirectTo is kept", async () => {
    const user = await createLearner();
    const post = (redirectTo: string) =>
      loginRoute.action({
        request: makeRequest("/login", { form: { email: user.email, password: TEST_PASSWORD, redirectTo } }),
        params: {},
        context: { ...context, clientIp: "192.0.2.251" },
      } as never);
    const home = await post("");
    expect(home).toBeInstanceOf(Response);
    expect((home as Response).headers.get("Location")).toBe("/learn");
    expect((home as Response).headers.get("Set-Cookie")).toMatch(/waystone_session=/);
    expect(((await post("/settings")) as Response).headers.get("Location")).toBe("/settings");
    expect(((await post("//evil.example")) as Response).headers.get("Location")).toBe("/learn");
  });

  test("the login route: control characters are a 400 on their field, with no login attempt counted", async () => {
    const user = await createLearner();
    for (const form of [
      { email: `${user.email}\u0000`, password: TEST_PASSWORD },
      { email: user.email, password: `${TEST_PASSWORD}\u0007` },
    ]) {
      const outcome = await run(() =>
        loginRoute.action({ request: makeRequest("/login", { form }), params: {}, context } as never),
      );
      expect(outcome).toMatchObject({ kind: "ok", status: 400 });
      const field = form.email.includes("\u0000") ? "email" : "password";
      expect((outcome as { data: FormData400 }).data.result.error[field]).toContain("reason.request.control_characters");
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login_failed", entityId: user.id } })).toBe(0);
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
    const actor = await actorFor(user.id);
    expect(
      await outcome(changePassword(actor, { currentPassword: "wrong-current-pw", password: "Another-Quiet-River-77" })),
    ).toMatchObject({ reason: "password.current_wrong", field: "currentPassword" });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await outcome(changePassword(actor, { currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" }))).toBe(
      "ok",
    );
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await getOptionalUser(makeRequest("/", { cookie: a }))).toBeNull();
    expect(await getOptionalUser(makeRequest("/", { cookie: b }))).toBeNull();
    expect(await logInAs(user.email, "Another-Quiet-River-77")).toBe("ok");
    expect(await prisma.auditEvent.count({ where: { action: "auth.password_changed", actorId: user.id } })).toBe(1);
  });
});

test("guessing the current password in settings is throttled like logging in", async () => {
  const user = await createLearner();
  const actor = await actorFor(user.id);
  for (let i = 0; i < THROTTLE.accountLimit; i++) {
    expect(
      await outcome(changePassword(actor, { currentPassword: `guess-number-${i}`, password: "Another-Quiet-River-77" })),
    ).toMatchObject({ reason: "password.current_wrong", field: "currentPassword" });
  }
  expect(await outcome(changePassword(actor, { currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" }))).toEqual({
    reason: "password.locked",
    field: "currentPassword",
    key: "reason.password.locked",
  });
  expect(await logInAs(user.email, TEST_PASSWORD)).toMatchObject({ reason: "login.locked" });
  expect(await prisma.auditEvent.count({ where: { action: "auth.password_changed", actorId: user.id } })).toBe(0);
});

describe("legal name", () => {
  test("is stored only as AES-256-GCM ciphertext and the audit row does not contain it", async () => {
    const user = await createLearner();
    const actor = await actorFor(user.id);
    await setLegalName(actor, { legalName: "Maria Example Fernandez", legalNameConsent: "on" });
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
    await setLegalName(actor, { legalName: undefined, legalNameConsent: "on" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      legalNameCipher: null,
      legalNameConsent: false,
    });
  });
});

describe("the settings page re-renders a refused form with what was typed", () => {
  async function post(cookie: string, form: Record<string, string>) {
    const outcome = await run(() =>
      settingsRoute.action({ request: makeRequest("/settings", { cookie, form }), params: {}, context } as never),
    );
    return outcome as { kind: string; status: number; data: FormData400 & { reason?: string } };
  }

  test("profile: the typed display name, the chosen language and the checkbox come back with the message", async () => {
    const user = await createLearner({ displayName: "Stored Name" });
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, { intent: "profile", displayName: "Typed but #bad", locale: "es", lowData: "on" });
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect(outcome.data.result.error).toEqual({ displayName: ["form.display_name_chars"] });
    expect(outcome.data.result.initialValue).toMatchObject({
      intent: "profile",
      displayName: "Typed but #bad",
      locale: "es",
      lowData: "on",
    });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      displayName: "Stored Name",
      locale: null,
      lowData: false,
    });
  });

  test("legal name: an oversized name comes back with its consent box as it was, and nothing is stored", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, { intent: "legal-name", legalName: "N".repeat(201), legalNameConsent: "on" });
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect(outcome.data.result.error).toEqual({ legalName: ["form.too_long"] });
    expect(outcome.data.result.initialValue).toMatchObject({ legalName: "N".repeat(201), legalNameConsent: "on" });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).legalNameCipher).toBeNull();
    expect(await prisma.auditEvent.count({ where: { entityId: user.id, action: "user.legal_name_changed" } })).toBe(0);
  });

  test("password: a wrong current password is a 400 on that field, and no password is echoed", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, {
      intent: "password",
      currentPassword: "not-the-password",
      password: "Another-Quiet-River-77",
      confirmPassword: "Another-Quiet-River-77",
    });
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "password.current_wrong" } });
    expect(outcome.data.result.error).toEqual({ currentPassword: ["reason.password.current_wrong"] });
    expect(JSON.stringify(outcome.data.result.initialValue)).not.toContain("Another-Quiet-River-77");
    expect(JSON.stringify(outcome.data.result.initialValue)).not.toContain("not-the-password");
  });

  test("a weak new password gets the policy's message on the new password field", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, {
      intent: "password",
      currentPassword: TEST_PASSWORD,
      password: "password1234",
      confirmPassword: "password1234",
    });
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "password.rejected" } });
    expect(outcome.data.result.error).toEqual({ password: ["password.common"] });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  test.each([
    ["profile", { intent: "profile", displayName: "Nul\u0000Name", locale: "en" }, "displayName"],
    ["legal name", { intent: "legal-name", legalName: "Maria\u0000", legalNameConsent: "on" }, "legalName"],
    [
      "password",
      { intent: "password", currentPassword: `${TEST_PASSWORD}\u0000`, password: "x", confirmPassword: "x" },
      "currentPassword",
    ],
  ])("%s: a control character is a 400 on its field and nothing is written", async (_name, form, field) => {
    const user = await createLearner({ displayName: "Clean Name" });
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, form);
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect(outcome.data.result.error[field]).toContain("reason.request.control_characters");
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      displayName: "Clean Name",
      legalNameCipher: null,
      passwordHash: expect.stringMatching(/^\$argon2id\$/),
    });
    expect(await prisma.auditEvent.count({ where: { entityId: user.id } })).toBe(0);
  });

  test("a forged intent is a 400, and nothing is written", async () => {
    const user = await createLearner({ displayName: "Clean Name" });
    const cookie = await sessionCookieFor(user.id);
    const outcome = await post(cookie, { intent: "delete-everything", displayName: "Hacked" });
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).displayName).toBe("Clean Name");
  });
});

describe("the preferences switches", () => {
  const post = (form: Record<string, string>, cookie?: string) =>
    run(() => preferencesRoute.action({ request: makeRequest("/preferences", { form, cookie }), params: {}, context } as never));

  test("a visitor's choice goes into the preferences cookie only, and the redirect stays on this site", async () => {
    const outcome = await preferencesRoute.action({
      request: makeRequest("/preferences", { form: { lang: "es", redirectTo: "//evil.example" } }),
      params: {},
      context,
    } as never);
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).headers.get("Location")).toBe("/");
    expect((outcome as Response).headers.get("Set-Cookie")).toMatch(/^waystone_prefs=/);
  });

  test("a logged-in person's choice is saved on the account", async () => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    expect(await post({ lowData: "on", redirectTo: "/learn" }, cookie)).toMatchObject({ status: 302, location: "/learn" });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ lowData: true, locale: null });
  });

  test.each([
    ["an unknown language", { lang: "xx" }],
    ["a forged switch value", { lowData: "maybe" }],
    ["a control character", { lang: "es\u0000" }],
  ])("%s is a 400 error page, and nothing is saved", async (_name, form) => {
    const user = await createLearner();
    const cookie = await sessionCookieFor(user.id);
    expect(await post(form, cookie)).toMatchObject({ kind: "thrown", status: 400 });
    expect(await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ lowData: false, locale: null });
  });
});
