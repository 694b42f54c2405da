// No enumeration at sign-up, application and invitation (issue 7, item 1): whether an email address
// already has an account changes neither the answer (status, page) nor its timing. Each operation is
// what its route runs; both kinds of address are tried 50 times, interleaved so that machine load hits
// both alike, and the medians may differ by at most 5 ms. The routes' answers are compared too.
import { describe, expect, test } from "vitest";
import { submitApplication } from "#app/modules/educators/submit-application.server.ts";
import { acceptInvitation } from "#app/modules/identity/accept-invitation.server.ts";
import { signUpLearner } from "#app/modules/identity/sign-up-learner.server.ts";
import * as inviteRoute from "#app/routes/invite.tsx";
import * as joinEducatorRoute from "#app/routes/join-educator.tsx";
import * as signupRoute from "#app/routes/signup.tsx";
import { applicationInput } from "#tests/application-input.ts";
import { createInvitation, createLearner, createReferralCode, uniqueEmail, uniqueUsername } from "#tests/factories.ts";
import { makeRequest, run } from "#tests/route-helpers.ts";

const TRIES = 50;
const LIMIT_MS = 5;
const PASSWORD = "Quiet-River-Lantern-84";
// No client address: the per-client limits (tested with each operation) would stop 100 tries.
const anonymous = { locale: "en" as const, clientIp: null };

function median(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Runs `known` and `unknown` TRIES times each, in pairs whose order alternates, after a warm-up. Returns
 * both medians, and the median of the pairs' differences (each pair ran back to back, so a change of
 * machine load between pairs cancels out of it).
 */
async function compare(known: () => Promise<unknown>, unknown: () => Promise<unknown>) {
  for (let i = 0; i < 5; i++) {
    await known();
    await unknown();
  }
  const times = { known: [] as number[], unknown: [] as number[] };
  for (let i = 0; i < TRIES; i++) {
    const order = i % 2 === 0 ? (["known", "unknown"] as const) : (["unknown", "known"] as const);
    for (const kind of order) {
      const start = performance.now();
      await (kind === "known" ? known() : unknown());
      times[kind].push(performance.now() - start);
    }
  }
  const paired = times.known.map((t, i) => t - times.unknown[i]!);
  return { known: median(times.known), unknown: median(times.unknown), paired: median(paired) };
}

/**
 * The medians of 50 tries of each kind may differ by at most LIMIT_MS. A busy machine (CI shares its
 * cores; embedded PGlite runs in the test's own thread) can skew a round, so up to five rounds are run,
 * and a round also passes when the median of its paired differences is within the limit: a real
 * difference between the two paths shows in both measures in every round and fails; noise does not repeat.
 */
async function expectSameTiming(known: () => Promise<unknown>, unknown: () => Promise<unknown>) {
  const rounds: string[] = [];
  for (let round = 0; round < 5; round++) {
    const m = await compare(known, unknown);
    rounds.push(`${m.known.toFixed(1)} vs ${m.unknown.toFixed(1)} ms (paired ${m.paired.toFixed(1)})`);
    if (Math.abs(m.known - m.unknown) <= LIMIT_MS || Math.abs(m.paired) <= LIMIT_MS) return;
  }
  expect.fail(`known vs unknown: medians differ by more than ${LIMIT_MS} ms in every round: ${rounds.join("; ")}`);
}

/** What a browser gets from an action: status, redirect target and body, with the one-time values blanked. */
async function answer(fn: () => unknown) {
  const outcome = await run(fn);
  return JSON.stringify(outcome)
    .replace(/"recoveryCodes":\[[^\]]*\]/, '"recoveryCodes":"…"')
    .replace(/"username":"[^"]*"/, '"username":"…"');
}
const context = { cspNonce: "", clientIp: null };

describe("known and unknown addresses look alike", () => {
  test("learner sign-up with an email", async () => {
    const code = await createReferralCode({ maxUses: 12 * TRIES });
    const existing = await createLearner();
    const signUp = (email: string) =>
      signUpLearner(anonymous, {
        code: code.code,
        username: uniqueUsername("timing"),
        displayName: "Morning Star",
        email,
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
    await expectSameTiming(
      () => signUp(existing.email),
      () => signUp(uniqueEmail("timing")),
    );

    const post = (email: string) =>
      answer(() =>
        signupRoute.action({
          request: makeRequest("/signup", {
            form: {
              code: code.code,
              username: uniqueUsername("route"),
              displayName: "Morning Star",
              email,
              password: PASSWORD,
              confirmPassword: PASSWORD,
            },
          }),
          params: {},
          context,
        } as never),
      );
    const [known, unknown] = [await post(existing.email), await post(uniqueEmail("route"))];
    expect(known).toBe(unknown);
    expect(known).toContain('"emailGiven":true');
  }, 600_000);

  test("application to teach", async () => {
    const existing = await createLearner();
    const apply = (email: string) => submitApplication(anonymous, applicationInput({ email }));
    await expectSameTiming(
      () => apply(existing.email),
      () => apply(uniqueEmail("timing")),
    );

    const post = (email: string) => {
      const v = applicationInput({ email });
      const form = {
        email: v.email,
        username: v.username,
        displayName: v.displayName,
        password: v.password,
        confirmPassword: v.confirmPassword,
        subjects: v.subjects,
        languages: v.languages,
        availabilityHours: String(v.availabilityHours),
        reference1Name: v.reference1Name,
        reference1Contact: v.reference1Contact,
        reference2Name: v.reference2Name,
        reference2Contact: v.reference2Contact,
        highestQualification: v.highestQualification,
        institution: v.institution ?? "",
        statement: v.statement,
      };
      return answer(() =>
        joinEducatorRoute.action({ request: makeRequest("/join/educator", { form }), params: {}, context } as never),
      );
    };
    const [known, unknown] = [await post(existing.email), await post(uniqueEmail("route"))];
    expect(known).toBe(unknown);
    expect(JSON.parse(known)).toMatchObject({ status: 303, location: "/join/educator?sent=1" });
  }, 600_000);

  test("invitation acceptance", async () => {
    const existing = await createLearner();
    const known = await createInvitation({ email: existing.email });
    const unknown = await createInvitation();
    const accept = (token: string) =>
      acceptInvitation(anonymous, {
        intent: "accept",
        token,
        username: uniqueUsername("timing"),
        displayName: "New Member",
        password: PASSWORD,
        confirmPassword: PASSWORD,
      });
    await expectSameTiming(
      () => accept(known.token),
      () => accept(unknown.token),
    );

    const post = (token: string) =>
      run(() =>
        inviteRoute.action({
          request: makeRequest(`/invite/${token}`, {
            form: {
              intent: "accept",
              username: uniqueUsername("route"),
              displayName: "New Member",
              password: PASSWORD,
              confirmPassword: PASSWORD,
            },
          }),
          params: { token },
          context,
        } as never),
      );
    const [a, b] = [await post(known.token), await post(unknown.token)];
    // The same answer but for the link's own token in the address it sends the browser back to.
    expect(a).toEqual({ kind: "thrown", status: 303, location: `/invite/${known.token}?sent=1` });
    expect(b).toEqual({ kind: "thrown", status: 303, location: `/invite/${unknown.token}?sent=1` });
  }, 600_000);
});
