// Accounts: sign-up with referral codes, login, rate limits, sessions and password changes, end to end
// through the identity module against a real database.
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import { changePassword } from "#app/modules/identity/change-password.server.ts";
import { decryptField } from "#app/modules/identity/crypto.server.ts";
import { logIn } from "#app/modules/identity/log-in.server.ts";
import { actorFor, getOptionalUser, IDLE_TIMEOUT_MS } from "#app/modules/identity/session.server.ts";
import { setLegalName } from "#app/modules/identity/set-legal-name.server.ts";
import { signUpLearner } from "#app/modules/identity/sign-up-learner.server.ts";
import { loginCounters, THROTTLE } from "#app/modules/identity/throttle.server.ts";
import * as loginRoute from "#app/routes/login.tsx";
import * as preferencesRoute from "#app/routes/preferences.tsx";
import * as settingsRoute from "#app/routes/settings.tsx";
import * as signupRoute from "#app/routes/signup.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createReferralCode, TEST_PASSWORD, uniqueEmail, uniqueUsername } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const PASSWORD = "Quiet-River-Lantern-84";

function signup(code: string, username = uniqueUsername("learner"), email?: string) {
  return signUpLearner(
    { locale: "en", clientIp: null },
    { code, username, email, displayName: "Morning Star", password: PASSWORD, confirmPassword: PASSWORD },
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

/** An address no other test uses (the per-IP login counter is shared by every test file on one database). */
const freshIp = () => `10.${randomBytes(3).join(".")}`;
const logInAs = (identifier: string, password: string, ip: string | null = freshIp()) =>
  outcome(logIn({ ip }, { identifier, password }));
/** Lets the slowdown of a login name run out, as waiting up to a minute would. */
async function endSlowdown(identifier: string) {
  const name = loginCounters(identifier, { ip: null, deviceId: null }).find((c) => c.kind === "name")!;
  await prisma.loginThrottle.updateMany({ where: { key: name.key }, data: { lockedUntil: null } });
}
/** The person as a page sees them: signed in, with a session of their own. */
async function signedIn(userId: string) {
  return (await getOptionalUser(makeRequest("/settings", { cookie: await sessionCookieFor(userId) })))!;
}
const INVALID = { reason: "login.invalid", field: undefined, key: "reason.login.invalid" };

type FormData400 = { result: { status: string; error: Record<string, string[]>; initialValue: Record<string, unknown> } };

describe("learner sign-up with a referral code", () => {
  test("creates the account (a username, no email), the learner role, the redemption, a session and audit rows", async () => {
    const code = await createReferralCode({ maxUses: 2 });
    const username = uniqueUsername("learner");
    const result = await signup(code.code.toLowerCase(), username); // codes are case-insensitive
    expect(result.cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { username },
      include: { roles: true, referralRedemption: true, sessions: true },
    });
    expect(user.email).toBeNull();
    expect(user.roles.map((r) => r.role)).toEqual(["learner"]);
    expect(user.referralRedemption?.codeId).toBe(code.id);
    expect(user.sessions).toHaveLength(1);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
    const audit = await prisma.auditEvent.findMany({ where: { actorId: user.id } });
    expect(audit.map((a) => a.action).sort()).toEqual(["recovery_codes.issued", "referral_code.redeemed", "user.signed_up"]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(username);
  });

  test.each([
    ["unknown", async () => "NOPE-NOPE-NOPE"],
    ["expired", async () => (await createReferralCode({ expiresAt: new Date(Date.now() - 1000) })).code],
    ["revoked", async () => (await createReferralCode({ revoked: true })).code],
  ])("a %s code is refused and nothing is created", async (_name, makeCode) => {
    const username = uniqueUsername("refused");
    const result = await outcome(signup(await makeCode(), username));
    expect(result).toEqual({ reason: "referral_code.invalid", field: "code", key: "reason.referral_code.invalid" });
    expect(await prisma.user.count({ where: { username } })).toBe(0);
  });

  test("a single-use code works once; the second sign-up is refused and changes nothing", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    expect(await outcome(signup(code.code))).toBe("ok");
    const username = uniqueUsername("second");
    expect(await outcome(signup(code.code, username))).toMatchObject({ reason: "referral_code.invalid", field: "code" });
    expect(await prisma.user.count({ where: { username } })).toBe(0);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("two sign-ups racing for the last use: exactly one wins", async () => {
    const code = await createReferralCode({ maxUses: 1 });
    const results = await Promise.all([outcome(signup(code.code)), outcome(signup(code.code))]);
    expect(results.filter((r) => r === "ok")).toHaveLength(1);
    expect(results.filter((r) => r !== "ok")).toEqual([expect.objectContaining({ reason: "referral_code.invalid" })]);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(1);
  });

  test("a taken username rolls back the code use too", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    expect(await outcome(signup(code.code, existing.username))).toEqual({
      reason: "account.username_taken",
      field: "username",
      key: "reason.account.username_taken",
    });
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
    expect(await prisma.referralRedemption.count({ where: { codeId: code.id } })).toBe(0);
  });

  test("an email that already has an account is not refused: the sign-up goes through, the address is not attached", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    const username = uniqueUsername("same-address");
    expect(await outcome(signup(code.code, username, existing.email))).toBe("ok");
    expect((await prisma.user.findUniqueOrThrow({ where: { username } })).email).toBeNull();
    expect(await prisma.user.count({ where: { email: existing.email } })).toBe(1);
  });

  test.each([
    ["short", "Short-pw-1", "password.too_short"],
    ["common", "password1234", "password.common"],
    ["keyboard walk", "qwertyuiopasdf", "password.common"],
  ])("a %s password is refused", async (_n, password, message) => {
    const code = await createReferralCode({});
    const username = uniqueUsername("weak");
    const result = await outcome(
      signUpLearner(
        { locale: "en", clientIp: null },
        { code: code.code, username, displayName: "Sky", password, confirmPassword: password },
      ),
    );
    expect(result).toEqual({ reason: "password.rejected", field: "password", key: message });
    expect(await prisma.user.count({ where: { username } })).toBe(0);
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
  });

  test("the sign-up form: malformed and oversized input re-renders with field messages and 400", async () => {
    const request = makeRequest("/signup", {
      form: {
        code: "",
        username: "Rivеr", // a Cyrillic "е" among Latin letters
        email: "not-an-email",
        displayName: "x".repeat(5000),
        password: "a",
        confirmPassword: "b",
      },
    });
    const outcome = await run(() =>
      signupRoute.action({ request, params: {}, context: { ...context, clientIp: freshIp() } } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
    const { result } = (outcome as { data: FormData400 }).data;
    expect(result.error).toMatchObject({
      code: ["form.required"],
      username: ["form.username_chars"],
      email: ["form.email_invalid"],
      displayName: ["form.too_long"],
    });
    expect(result.error.confirmPassword).toEqual(["form.passwords_differ"]);
    expect(result.initialValue.email).toBe("not-an-email");
    expect(result.initialValue.password).toBeUndefined(); // passwords are never echoed back
    expect(result.initialValue.confirmPassword).toBeUndefined();
  });

  test("the sign-up form: usernames are stored normalised; too short and lookalike ones get a clear message", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const post = (username: string) =>
      run(() =>
        signupRoute.action({
          request: makeRequest("/signup", {
            form: { code: code.code, username, displayName: "Name Check", password: PASSWORD, confirmPassword: PASSWORD },
          }),
          params: {},
          context: { ...context, clientIp: freshIp() },
        } as never),
      );
    for (const [typed, message] of [
      ["ab", "form.username_short"],
      ["rіver", "form.username_chars"], // Cyrillic "і"
      ["ρiver", "form.username_chars"], // Greek "ρ"
      ["river..stone", "form.username_chars"],
      ["river stone", "form.username_chars"],
    ] as const) {
      const outcome = await post(typed);
      expect(outcome, typed).toMatchObject({ kind: "ok", status: 400 });
      expect((outcome as { data: FormData400 }).data.result.error.username, typed).toEqual([message]);
    }
    const suffix = randomBytes(3).toString("hex");
    // Full-width letters and capitals are the same name as their plain lower-case form.
    const outcome = await post(`Ｒｉｖｅｒ-${suffix}`);
    expect(outcome).toMatchObject({ kind: "ok", status: 200 });
    expect(await prisma.user.count({ where: { username: `river-${suffix}` } })).toBe(1);
    expect(await post(`RIVER-${suffix}`)).toMatchObject({ status: 409 });
  });

  test("the sign-up form: a refusal of the operation re-renders the form with every value but the passwords", async () => {
    const code = await createReferralCode({ maxUses: 1, uses: 1 });
    const username = uniqueUsername("kept");
    const email = uniqueEmail("kept");
    const request = makeRequest("/signup", {
      form: { code: code.code, username, email, displayName: "Kept Name", password: PASSWORD, confirmPassword: PASSWORD },
    });
    const outcome = await run(() =>
      signupRoute.action({ request, params: {}, context: { ...context, clientIp: freshIp() } } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400, data: { reason: "referral_code.invalid" } });
    const { result } = (outcome as { data: FormData400 }).data;
    expect(result.error).toEqual({ code: ["reason.referral_code.invalid"] });
    expect(result.initialValue).toMatchObject({ code: code.code, username, email, displayName: "Kept Name" });
    expect(result.initialValue.password).toBeUndefined();
    expect(await prisma.user.count({ where: { username } })).toBe(0);
  });

  test("the sign-up form: a taken username is a 409 with the message on the username field", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const existing = await createLearner();
    const request = makeRequest("/signup", {
      form: {
        code: code.code,
        username: existing.username,
        displayName: "Second",
        password: PASSWORD,
        confirmPassword: PASSWORD,
      },
    });
    const outcome = await run(() =>
      signupRoute.action({ request, params: {}, context: { ...context, clientIp: freshIp() } } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 409 });
    expect((outcome as { data: FormData400 }).data.result.error).toEqual({ username: ["reason.account.username_taken"] });
  });

  test("the sign-up form: a success answers with the page itself (no-store), the session and the ten codes shown once", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    const username = uniqueUsername("shown");
    const request = makeRequest("/signup", {
      form: { code: code.code, username, displayName: "Shown Codes", password: PASSWORD, confirmPassword: PASSWORD },
    });
    const result = (await signupRoute.action({
      request,
      params: {},
      context: { ...context, clientIp: freshIp() },
    } as never)) as unknown as {
      data: { done: { username: string; emailGiven: boolean; recoveryCodes: string[] } };
      init: { headers: Record<string, string> };
    };
    expect(result.data.done).toMatchObject({ username, emailGiven: false });
    expect(result.data.done.recoveryCodes).toHaveLength(10);
    expect(result.init.headers["Cache-Control"]).toBe("no-store");
    expect(result.init.headers["Set-Cookie"]).toMatch(/waystone_session=/);
  });

  test("the sign-up form: control characters in any field are a 400 on that field, and nothing is written", async () => {
    const code = await createReferralCode({ maxUses: 5 });
    for (const field of ["code", "username", "email", "displayName", "password"]) {
      const username = uniqueUsername("nul");
      const form = {
        code: code.code,
        username,
        email: uniqueEmail("nul"),
        displayName: "Null Byte",
        password: PASSWORD,
        confirmPassword: PASSWORD,
      };
      form[field as keyof typeof form] = `${form[field as keyof typeof form]}\u0000x`;
      const request = makeRequest("/signup", { form });
      const outcome = await run(() =>
        signupRoute.action({ request, params: {}, context: { ...context, clientIp: freshIp() } } as never),
      );
      expect(outcome, field).toMatchObject({ kind: "ok", status: 400 });
      expect((outcome as { data: FormData400 }).data.result.error[field], field).toContain("reason.request.control_characters");
      expect(await prisma.user.count({ where: { username: { startsWith: username.slice(0, 10) } } })).toBe(0);
    }
    expect((await prisma.referralCode.findUniqueOrThrow({ where: { id: code.id } })).uses).toBe(0);
  });

  test("a body that is not a form is a 400, not a 500", async () => {
    const request = new Request("http://localhost:3000/signup", {
      method: "POST",
      headers: { "Content-Type": "multipart/form-data; boundary=x" },
      body: "garbage",
    });
    const outcome = await run(() =>
      signupRoute.action({ request, params: {}, context: { ...context, clientIp: freshIp() } } as never),
    );
    expect(outcome).toMatchObject({ kind: "ok", status: 400 });
  });
});

describe("login", () => {
  test("right password: a new session each time, and an audit row", async () => {
    const user = await createLearner();
    const ip = freshIp();
    const a = await logIn({ ip }, { identifier: user.email, password: TEST_PASSWORD });
    const b = await logIn({ ip }, { identifier: user.username, password: TEST_PASSWORD });
    expect(a.roles).toEqual(["learner"]);
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.deviceCookie).not.toBe(b.deviceCookie); // a fresh device id at every login
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login", actorId: user.id } })).toBe(2);
  });

  test("wrong password, unknown email and unknown username give the same answer, audited without the password", async () => {
    const user = await createLearner();
    expect(await logInAs(user.email, "Wrong-password-123")).toEqual(INVALID);
    expect(await logInAs(user.username, "Wrong-password-123")).toEqual(INVALID);
    expect(await logInAs(uniqueEmail("ghost"), "Wrong-password-123")).toEqual(INVALID);
    expect(await logInAs(uniqueUsername("ghost"), "Wrong-password-123")).toEqual(INVALID);
    const failed = await prisma.auditEvent.findMany({ where: { action: "auth.login_failed", entityId: user.id } });
    expect(failed).toHaveLength(2);
    expect(JSON.stringify(failed)).not.toContain("Wrong-password-123");
  });

  test("nobody can lock a learner out: failures from everywhere slow the name down, and the right password still gets in", async () => {
    const user = await createLearner();
    const attacker = freshIp();
    for (let i = 0; i < 3 * THROTTLE.clientLimit; i++) {
      await endSlowdown(user.username);
      await logInAs(user.username, `Wrong-password-${i}`, i % 3 === 0 ? attacker : freshIp());
    }
    // The attacker's own address is locked out of the name; everyone else only waits, never more than 60 s.
    await endSlowdown(user.username);
    expect(await logInAs(user.username, TEST_PASSWORD, attacker)).toMatchObject({ reason: "login.locked" });
    expect(await logInAs(user.username, "Wrong-password-again", freshIp())).toEqual(INVALID);
    expect(await logInAs(user.username, TEST_PASSWORD, freshIp())).toEqual({
      reason: "login.slow_down",
      field: undefined,
      key: "login.slow_down_seconds",
      params: { seconds: expect.any(Number), count: expect.any(Number) },
    });
    const name = await prisma.loginThrottle.findFirstOrThrow({
      where: { key: loginCounters(user.username, { ip: null, deviceId: null }).find((c) => c.kind === "name")!.key },
    });
    expect(name.lockedUntil!.getTime() - Date.now()).toBeLessThanOrEqual(THROTTLE.maxDelaySeconds * 1000);
    await endSlowdown(user.username); // as if the learner had waited
    expect(await logInAs(user.username, TEST_PASSWORD, freshIp())).toBe("ok");
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
  });

  test(`an IP without a device cookie locks after ${THROTTLE.ipLimit} failures across names`, async () => {
    const ip = freshIp();
    for (let i = 0; i < THROTTLE.ipLimit - 1; i++) {
      await logInAs(uniqueEmail("spray"), "Wrong-password-1", ip);
    }
    expect(await logInAs(uniqueUsername("spray"), "Wrong-password-1", ip)).toMatchObject({ reason: "login.locked" });
    const innocent = await createLearner();
    expect(await logInAs(innocent.email, TEST_PASSWORD, ip)).toMatchObject({ reason: "login.locked" });
    expect(await logInAs(innocent.email, TEST_PASSWORD, freshIp())).toBe("ok");
  });

  test("the lock is shared through the database: a second app instance's check sees it", async () => {
    const user = await createLearner();
    const ip = freshIp();
    for (let i = 0; i < THROTTLE.clientLimit; i++) {
      await endSlowdown(user.email);
      await logInAs(user.email, "nope-nope-nope", ip);
    }
    const rows = await prisma.loginThrottle.findMany({
      where: {
        key: { in: loginCounters(user.email, { ip, deviceId: null }).map((c) => c.key) },
        lockedUntil: { gt: new Date() },
      },
    });
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(user.email); // keys are hashed
    expect(JSON.stringify(rows)).not.toContain(ip);
  });

  test("the login route answers a wrong password with 400, the slowdown and a lock with 429", async () => {
    const user = await createLearner();
    const clientIp = freshIp();
    const post = (password: string, identifier: string = user.username) =>
      run(() =>
        loginRoute.action({
          request: makeRequest("/login", { form: { identifier, password } }),
          params: {},
          context: { ...context, clientIp },
        } as never),
      );
    const wrong = await post("Wrong-password-1", `  ${user.username.toUpperCase()} `);
    expect(wrong).toMatchObject({ kind: "ok", status: 400, data: { reason: "login.invalid" } });
    const reply = (wrong as { data: FormData400 }).data.result;
    expect(reply.error).toEqual({ "": ["reason.login.invalid"] });
    expect(reply.initialValue).toMatchObject({ identifier: `  ${user.username.toUpperCase()} ` });
    expect(reply.initialValue.password).toBeUndefined();
    await post("Wrong-password-2");
    await post("Wrong-password-3");
    expect(await post(TEST_PASSWORD)).toMatchObject({
      kind: "ok",
      status: 429,
      data: { reason: "login.slow_down", params: { seconds: 1, count: 1 } },
    });
    await endSlowdown(user.username);
    await post("Wrong-password-4");
    await endSlowdown(user.username);
    expect(await post("Wrong-password-5")).toMatchObject({
      kind: "ok",
      status: 429,
      data: { reason: "login.locked", params: { minutes: THROTTLE.lockMinutes, count: THROTTLE.lockMinutes } },
    });
    const locked = await post(TEST_PASSWORD);
    expect(locked).toMatchObject({ kind: "ok", status: 429, data: { reason: "login.locked" } });
    expect((locked as { data: FormData400 }).data.result.error).toEqual({ "": ["login.locked_minutes"] });
  });

  test("the login route: the right password redirects home with a session cookie and a device cookie, and a safe redirectTo is kept", async () => {
    const user = await createLearner();
    const clientIp = freshIp();
    const post = (redirectTo: string, identifier: string = user.email) =>
      loginRoute.action({
        request: makeRequest("/login", { form: { identifier, password: TEST_PASSWORD, redirectTo } }),
        params: {},
        context: { ...context, clientIp },
      } as never);
    const home = (await post("")) as Response;
    expect(home).toBeInstanceOf(Response);
    expect(home.headers.get("Location")).toBe("/learn");
    const cookies = home.headers.getSetCookie();
    expect(cookies).toEqual([expect.stringMatching(/^waystone_session=/), expect.stringMatching(/^waystone_device=.*HttpOnly/)]);
    expect(((await post("/settings", user.username.toUpperCase())) as Response).headers.get("Location")).toBe("/settings");
    expect(((await post("//evil.example")) as Response).headers.get("Location")).toBe("/learn");
  });

  test("the login route: the device cookie the browser sends back gets a known device in while the name is slowed down", async () => {
    const user = await createLearner();
    const post = (password: string, cookie?: string) =>
      run(() =>
        loginRoute.action({
          request: makeRequest("/login", { form: { identifier: user.username, password }, cookie }),
          params: {},
          context: { ...context, clientIp: freshIp() },
        } as never),
      );
    const first = await loginRoute.action({
      request: makeRequest("/login", { form: { identifier: user.username, password: TEST_PASSWORD } }),
      params: {},
      context: { ...context, clientIp: freshIp() },
    } as never);
    const device = (first as Response).headers.getSetCookie()[1]!.split(";")[0]!;
    for (let i = 0; i < THROTTLE.slowAfter; i++) await post(`Wrong-password-${i}`);
    expect(await post(TEST_PASSWORD)).toMatchObject({ status: 429, data: { reason: "login.slow_down" } });
    expect(await post(TEST_PASSWORD, device)).toMatchObject({ kind: "thrown", status: 302, location: "/learn" });
  });

  test("the login route: control characters are a 400 on their field, with no login attempt counted", async () => {
    const user = await createLearner();
    for (const form of [
      { identifier: `${user.email}\u0000`, password: TEST_PASSWORD },
      { identifier: `${user.username}\u0007`, password: TEST_PASSWORD },
      { identifier: user.email, password: `${TEST_PASSWORD}\u0007` },
    ]) {
      const outcome = await run(() =>
        loginRoute.action({ request: makeRequest("/login", { form }), params: {}, context } as never),
      );
      expect(outcome).toMatchObject({ kind: "ok", status: 400 });
      const field = form.identifier.includes("\u0000") || form.identifier.includes("\u0007") ? "identifier" : "password";
      expect((outcome as { data: FormData400 }).data.result.error[field]).toContain("reason.request.control_characters");
    }
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login_failed", entityId: user.id } })).toBe(0);
  });

  test("the login route: lookalike letters, invisible characters and oversized names get the generic answer, never a 500", async () => {
    const user = await createLearner();
    const attempt = (identifier: string) =>
      run(() =>
        loginRoute.action({
          request: makeRequest("/login", { form: { identifier, password: TEST_PASSWORD } }),
          params: {},
          context: { ...context, clientIp: freshIp() },
        } as never),
      );
    for (const lookalike of [
      user.username.replace(/[aeo]/g, (c) => ({ a: "а", e: "е", o: "о" })[c]!), // Cyrillic а е о
      `${user.username}\u200b`, // a zero-width space
      `\u202e${user.username}`, // a right-to-left override
      user.email.replace("example", "exаmple"), // a Cyrillic а in the address
    ]) {
      expect(await attempt(lookalike), JSON.stringify(lookalike)).toMatchObject({
        kind: "ok",
        status: 400,
        data: { reason: "login.invalid" },
      });
    }
    // Full-width letters are the same letters (NFKC), as they are in stored usernames.
    expect(await attempt(user.email.replace("@", "\uff20").toUpperCase())).toMatchObject({ kind: "thrown", status: 302 });
    const long = await attempt("x".repeat(255));
    expect(long).toMatchObject({ kind: "ok", status: 400 });
    expect((long as { data: FormData400 }).data.result.error).toEqual({ identifier: ["form.too_long"] });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
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
    const actor = (await getOptionalUser(makeRequest("/settings", { cookie: a })))!;
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

test("guessing the current password in settings is throttled per session, and cannot lock the account's login", async () => {
  const user = await createLearner();
  const actor = await signedIn(user.id);
  for (let i = 0; i < THROTTLE.passwordLimit; i++) {
    expect(
      await outcome(changePassword(actor, { currentPassword: `guess-number-${i}`, password: "Another-Quiet-River-77" })),
    ).toMatchObject({ reason: "password.current_wrong", field: "currentPassword" });
  }
  expect(await outcome(changePassword(actor, { currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" }))).toEqual({
    reason: "password.locked",
    field: "currentPassword",
    key: "reason.password.locked",
  });
  expect(await prisma.auditEvent.count({ where: { action: "auth.password_changed", actorId: user.id } })).toBe(0);
  // Someone holding a session cannot lock the learner out: her login works at once, from anywhere.
  expect(await logInAs(user.username, TEST_PASSWORD)).toBe("ok");
  expect(await logInAs(user.email, TEST_PASSWORD)).toBe("ok");
  // Another session of hers is not paused either.
  expect(
    await outcome(
      changePassword(await signedIn(user.id), { currentPassword: TEST_PASSWORD, password: "Another-Quiet-River-77" }),
    ),
  ).toBe("ok");
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
    await setLegalName(actor, { remove: true, legalNameConsent: "on" });
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
