// Account recovery through its routes, as React Router calls them (docs/decisions/014-account-recovery.md):
// no enumeration (the same answer and the same time whether or not an account matches), the whole
// emailed-link journey, the recovery-code and admin-code journeys, and who may open which page.
import { performance } from "node:perf_hooks";
import { describe, expect, test } from "vitest";
import * as recoverCode from "#app/routes/recover-code.tsx";
import * as recoverDone from "#app/routes/recover-done.tsx";
import * as recover from "#app/routes/recover.tsx";
import * as reset from "#app/routes/reset.tsx";
import * as adminResetCode from "#app/routes/admin/user-reset-code.tsx";
import * as recoveryCodes from "#app/routes/settings-recovery-codes.tsx";
import { resetRequestsSettled } from "#app/modules/identity/request-password-reset.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import {
  createAdmin,
  createLearner,
  createLearnerWithoutEmail,
  createOrganisation,
  TEST_PASSWORD,
  uniqueUsername,
} from "#tests/factories.ts";
import { freshIp, resetTokenSentTo } from "#tests/recovery-helpers.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

const NEW_PASSWORD = "Lantern-Harbour-Willow-83";
type Action = (args: never) => unknown;

/** Calls a route's action from a fresh client address (the per-client limits would otherwise answer). */
function post(action: Action, path: string, form: Record<string, string>, options: { cookie?: string; params?: object } = {}) {
  const call = action as (args: unknown) => unknown;
  return run(() =>
    call({
      request: makeRequest(path, { form, cookie: options.cookie }),
      params: options.params ?? {},
      context: { ...context, clientIp: freshIp() },
    }),
  );
}

function get(loader: Action, path: string, options: { cookie?: string; params?: object } = {}) {
  const call = loader as (args: unknown) => unknown;
  return run(() => call({ request: makeRequest(path, { cookie: options.cookie }), params: options.params ?? {}, context }));
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (sorted[(sorted.length - 1) >> 1]! + sorted[sorted.length >> 1]!) / 2;
};

/**
 * Medians of `tries` interleaved runs of a and b (alternating which goes first), after a warm-up. `settle`
 * runs after each timed call, untimed: work that happens after the answer has left is not part of it.
 */
async function interleavedMedians(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  settle: () => Promise<unknown> = async () => undefined,
  tries = 50,
) {
  for (let i = 0; i < 5; i++) await Promise.all([a(), b()].map((p) => p.catch(() => undefined)));
  await settle();
  const times = { a: [] as number[], b: [] as number[] };
  const timed = async (fn: () => Promise<unknown>, into: number[]) => {
    const start = performance.now();
    await fn();
    into.push(performance.now() - start);
    await settle();
  };
  for (let i = 0; i < tries; i++) {
    if (i % 2 === 0) {
      await timed(a, times.a);
      await timed(b, times.b);
    } else {
      await timed(b, times.b);
      await timed(a, times.a);
    }
  }
  return { a: median(times.a), b: median(times.b) };
}

describe("'Email me a link' tells nobody whether an account exists", () => {
  test("the same status and page for an account with a confirmed address, one without, and no account", async () => {
    const withEmail = await createLearner();
    const withoutEmail = await createLearnerWithoutEmail();
    const identifiers = [
      withEmail.username,
      withEmail.email,
      withoutEmail.username,
      uniqueUsername("nobody"),
      "nobody@example.test",
    ];
    const outcomes = [];
    for (const identifier of identifiers) outcomes.push(await post(recover.action, "/recover", { identifier }));
    for (const outcome of outcomes) expect(outcome).toEqual({ kind: "thrown", status: 303, location: "/recover?sent=1" });
    // …and the page it leads to says the same to everyone.
    const page = await get(recover.loader, "/recover?sent=1");
    expect(page).toMatchObject({ kind: "ok", status: 200, data: { sent: true } });
  });

  test("the same time: medians of 50 interleaved tries, known (with a confirmed address) and unknown, within 5 ms", async () => {
    const learner = await createLearner();
    const unknown = uniqueUsername("nobody");
    const { a: known, b: none } = await interleavedMedians(
      async () => expect(await post(recover.action, "/recover", { identifier: learner.username })).toMatchObject({ status: 303 }),
      async () => expect(await post(recover.action, "/recover", { identifier: unknown })).toMatchObject({ status: 303 }),
      resetRequestsSettled,
    );
    expect(Math.abs(known - none), `known ${known.toFixed(2)} ms, unknown ${none.toFixed(2)} ms`).toBeLessThanOrEqual(5);
    // The known account really got its links (the work was done after each answer, not skipped).
    await resetRequestsSettled();
    expect(await prisma.passwordReset.count({ where: { userId: learner.id } })).toBeGreaterThanOrEqual(50);
  });

  test("a flood from one client is refused (429) before anything is written", async () => {
    const learner = await createLearner();
    const ip = freshIp();
    const call = recover.action as (args: unknown) => unknown;
    const once = (identifier: string) =>
      run(() =>
        call({ request: makeRequest("/recover", { form: { identifier } }), params: {}, context: { ...context, clientIp: ip } }),
      );
    for (let i = 0; i < 10; i++) expect(await once(uniqueUsername("flood"))).toMatchObject({ status: 303 });
    const refused = await once(learner.username);
    expect(refused).toMatchObject({ kind: "ok", status: 429 });
    await resetRequestsSettled();
    expect(await prisma.passwordReset.count({ where: { userId: learner.id } })).toBe(0);
  });
});

describe("a recovery code: an unknown username and a wrong code cannot be told apart", () => {
  test("the same status and message", async () => {
    const learner = await createLearnerWithoutEmail();
    const form = (username: string) => ({
      username,
      code: "ABCD-EFGH-JKMN",
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    const known = await post(recoverCode.action, "/recover/code", form(learner.username));
    const unknown = await post(recoverCode.action, "/recover/code", form(uniqueUsername("nobody")));
    expect(known).toMatchObject({ kind: "ok", status: 400, data: { reason: "recovery.code_invalid" } });
    expect(unknown).toMatchObject({ kind: "ok", status: 400, data: { reason: "recovery.code_invalid" } });
    const errorsOf = (o: typeof known) => (o as { data: { result: { error: unknown } } }).data.result.error;
    expect(errorsOf(known)).toEqual(errorsOf(unknown));
  });

  test("the same time: medians of 50 interleaved tries within 5 ms", async () => {
    const learner = await createLearnerWithoutEmail();
    const unknown = uniqueUsername("nobody");
    const attempt = (username: string) => async () =>
      expect(
        await post(recoverCode.action, "/recover/code", {
          username,
          code: "ABCD-EFGH-JKMN",
          password: NEW_PASSWORD,
          confirmPassword: NEW_PASSWORD,
        }),
      ).toMatchObject({ status: 400 });
    const { a: known, b: none } = await interleavedMedians(attempt(learner.username), attempt(unknown));
    expect(Math.abs(known - none), `known ${known.toFixed(2)} ms, unknown ${none.toFixed(2)} ms`).toBeLessThanOrEqual(5);
  });
});

describe("the emailed-link journey through the routes", () => {
  test("request → email → the page (changes nothing) → new password → signed in afresh, other sessions ended", async () => {
    const learner = await createLearner();
    const elsewhere = await sessionCookieFor(learner.id);
    expect(await post(recover.action, "/recover", { identifier: learner.email })).toMatchObject({ status: 303 });
    await resetRequestsSettled();
    const token = await resetTokenSentTo(learner.email);
    const path = `/reset/${token}`;

    for (let i = 0; i < 2; i++) {
      expect(await get(reset.loader, path, { params: { token } })).toMatchObject({
        kind: "ok",
        data: { username: learner.username },
      });
    }
    // Someone signed in as another account on this browser: refused, nothing changes.
    const other = await sessionCookieFor((await createLearner()).id);
    expect(await get(reset.loader, path, { params: { token }, cookie: other })).toMatchObject({
      kind: "thrown",
      status: 409,
      data: { reason: "recovery.signed_in_as_other" },
    });
    expect(
      await post(
        reset.action,
        path,
        { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD },
        { params: { token }, cookie: other },
      ),
    ).toMatchObject({ kind: "ok", status: 409, data: { reason: "recovery.signed_in_as_other" } });

    // Two passwords that differ: a field message, the link still open.
    expect(
      await post(reset.action, path, { password: NEW_PASSWORD, confirmPassword: "something else" }, { params: { token } }),
    ).toMatchObject({ kind: "ok", status: 400 });

    const done = await post(reset.action, path, { password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }, { params: { token } });
    expect(done).toMatchObject({ kind: "thrown", status: 303, location: "/recover/done?method=email_link" });
    expect(await prisma.session.count({ where: { userId: learner.id } })).toBe(1);
    const oldSession = await get(recoverDone.loader, "/recover/done", { cookie: elsewhere });
    expect(oldSession).toMatchObject({ kind: "thrown", status: 302 });

    // The link is used up: the page says so (410), and a second post changes nothing.
    expect(await get(reset.loader, path, { params: { token } })).toMatchObject({
      kind: "thrown",
      status: 410,
      data: { reason: "recovery.link_unusable" },
    });
    expect(
      await post(
        reset.action,
        path,
        { password: "Second-Maple-Orchard-64", confirmPassword: "Second-Maple-Orchard-64" },
        { params: { token } },
      ),
    ).toMatchObject({ kind: "ok", status: 410, data: { reason: "recovery.link_unusable" } });
    expect(await prisma.auditEvent.count({ where: { action: "auth.password_reset", entityId: learner.id } })).toBe(1);
  });
});

describe("the admin-code journey through the routes", () => {
  test("an admin chooses the NGO, confirms, gets the code once; the learner uses it at /recover/code", async () => {
    const admin = await createAdmin();
    const adminCookie = await sessionCookieFor(admin.id);
    const ngo = await createOrganisation({ kind: "ngo" });
    const learner = await createLearnerWithoutEmail();
    const params = { userId: learner.id };
    const path = `/admin/users/${learner.id}/reset-code`;

    const page = await get(adminResetCode.loader, path, { params, cookie: adminCookie });
    expect(page).toMatchObject({ kind: "ok", data: { page: { eligible: true, user: { username: learner.username } } } });
    // The first post only asks "are you sure?": nothing is issued until the confirmed one.
    const asked = await post(adminResetCode.action, path, { ngoId: ngo.id }, { params, cookie: adminCookie });
    expect(asked).toMatchObject({ kind: "ok", status: 428, data: { reason: "confirmation.required" } });
    expect(await prisma.passwordReset.count({ where: { userId: learner.id } })).toBe(0);

    const issued = await post(adminResetCode.action, path, { ngoId: ngo.id, confirm: "yes" }, { params, cookie: adminCookie });
    expect(issued).toMatchObject({ kind: "ok", status: 200 });
    const code = (issued as { data: { issued: { code: string } } }).data.issued.code;

    const done = await post(recoverCode.action, "/recover/code", {
      username: learner.username.toUpperCase(),
      code: code.toLowerCase(),
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done).toMatchObject({ kind: "thrown", status: 303, location: "/recover/done?method=admin_code" });
    const again = await post(recoverCode.action, "/recover/code", {
      username: learner.username,
      code,
      password: "Second-Maple-Orchard-64",
      confirmPassword: "Second-Maple-Orchard-64",
    });
    expect(again).toMatchObject({ kind: "ok", status: 410, data: { reason: "recovery.code_used" } });
  });

  test("only admins open the page or issue a code", async () => {
    const learner = await createLearnerWithoutEmail();
    const ngo = await createOrganisation({ kind: "ngo" });
    const params = { userId: learner.id };
    const path = `/admin/users/${learner.id}/reset-code`;
    const someone = await sessionCookieFor((await createLearner()).id);
    expect(await get(adminResetCode.loader, path, { params })).toMatchObject({ kind: "thrown", status: 302 });
    expect(await get(adminResetCode.loader, path, { params, cookie: someone })).toMatchObject({ kind: "thrown", status: 403 });
    expect(await post(adminResetCode.action, path, { ngoId: ngo.id, confirm: "yes" }, { params })).toMatchObject({ status: 302 });
    expect(await post(adminResetCode.action, path, { ngoId: ngo.id, confirm: "yes" }, { params, cookie: someone })).toMatchObject(
      {
        kind: "thrown",
        status: 403,
      },
    );
    expect(await prisma.passwordReset.count({ where: { userId: learner.id } })).toBe(0);
  });
});

describe("recovery codes in Settings", () => {
  test("the page counts unused codes; a new batch needs the current password and is shown once", async () => {
    const learner = await createLearnerWithoutEmail();
    const cookie = await sessionCookieFor(learner.id);
    expect(await get(recoveryCodes.loader, "/settings/recovery-codes")).toMatchObject({ kind: "thrown", status: 302 });
    expect(await get(recoveryCodes.loader, "/settings/recovery-codes", { cookie })).toMatchObject({
      kind: "ok",
      data: { status: { unused: 0, total: 0 } },
    });
    const wrong = await post(recoveryCodes.action, "/settings/recovery-codes", { currentPassword: "nope" }, { cookie });
    expect(wrong).toMatchObject({ kind: "ok", status: 400, data: { reason: "password.current_wrong" } });
    const made = await post(recoveryCodes.action, "/settings/recovery-codes", { currentPassword: TEST_PASSWORD }, { cookie });
    expect(made).toMatchObject({ kind: "ok", status: 200 });
    const codes = (made as { data: { codes: string[] } }).data.codes;
    expect(codes).toHaveLength(10);
    expect(await get(recoveryCodes.loader, "/settings/recovery-codes", { cookie })).toMatchObject({
      data: { status: { unused: 10, total: 10 } },
    });

    // One of them, with JavaScript or without: the same form post.
    const done = await post(recoverCode.action, "/recover/code", {
      username: learner.username,
      code: codes[9]!,
      password: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(done).toMatchObject({ kind: "thrown", status: 303, location: "/recover/done?method=recovery_code" });
    // The old session ended with the recovery.
    expect(await get(recoveryCodes.loader, "/settings/recovery-codes", { cookie })).toMatchObject({
      kind: "thrown",
      status: 302,
    });
  });
});
