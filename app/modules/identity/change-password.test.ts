import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser, TEST_PASSWORD } from "#tests/factories.ts";
import { makeRequest, sessionCookieFor } from "#tests/route-helpers.ts";
import { changePassword } from "./change-password.server.ts";
import { logIn } from "./log-in.server.ts";
import { verifyPassword } from "./password.server.ts";
import { getOptionalUser } from "./session.server.ts";
import { THROTTLE } from "./throttle.server.ts";

const NEW_PASSWORD = "Another-Quiet-River-77";
const changes = (userId: string) => prisma.auditEvent.count({ where: { action: "auth.password_changed", entityId: userId } });

/** The person as the settings page sees them: signed in, with a session of their own. */
async function signedIn(userId: string) {
  const user = await getOptionalUser(makeRequest("/settings", { cookie: await sessionCookieFor(userId) }));
  return user!;
}
const reasonOf = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (e: { reason: string }) => e.reason,
  );

describe("changePassword", () => {
  test("with the current password: the new one works, every session ends, one audit row", async () => {
    const user = await createLearner();
    await changePassword(await signedIn(user.id), { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await changes(user.id)).toBe(1);
  });

  test("a wrong current password is refused on its field, and nothing changes", async () => {
    const user = await createLearner();
    await expect(
      changePassword(await signedIn(user.id), { currentPassword: "not-my-password", password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ reason: "password.current_wrong", field: "currentPassword", status: 400 });
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(row.passwordHash, TEST_PASSWORD)).toBe(true);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await changes(user.id)).toBe(0);
  });

  test("a weak new password is refused on the new password field, and nothing changes", async () => {
    const user = await createLearner();
    await expect(
      changePassword(await signedIn(user.id), { currentPassword: TEST_PASSWORD, password: "password1234" }),
    ).rejects.toMatchObject({ reason: "password.rejected", field: "password", key: "password.common" });
    expect(await changes(user.id)).toBe(0);
  });

  test("an account with no role left cannot change its password", async () => {
    const user = await createUser({ roles: [] });
    await expect(
      changePassword(await signedIn(user.id), { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }),
    ).rejects.toMatchObject({ reason: "permission.denied" });
    expect(await changes(user.id)).toBe(0);
  });

  test("two changes at the same moment: one applies, the other is told its current password is no longer right", async () => {
    const user = await createLearner();
    const actor = await signedIn(user.id);
    const results = await Promise.allSettled([
      changePassword(actor, { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD }),
      changePassword(actor, { currentPassword: TEST_PASSWORD, password: "Third-Copper-Window-58" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      reason: "password.current_wrong",
    });
    expect(await changes(user.id)).toBe(1);
  });

  test(`${THROTTLE.passwordLimit} wrong current passwords pause this session's guesses, not another session, not the login`, async () => {
    const user = await createLearner();
    const thief = await signedIn(user.id);
    for (let i = 0; i < THROTTLE.passwordLimit; i++) {
      expect(await reasonOf(changePassword(thief, { currentPassword: `guess-${i}-guess`, password: NEW_PASSWORD }))).toBe(
        "password.current_wrong",
      );
    }
    await expect(changePassword(thief, { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD })).rejects.toMatchObject({
      reason: "password.locked",
      field: "currentPassword",
      status: 429,
    });
    // The account's login is untouched: the right password logs in at once, by username and by email.
    expect((await logIn({ ip: "10.250.0.1" }, { identifier: user.username, password: TEST_PASSWORD })).userId).toBe(user.id);
    expect((await logIn({ ip: "10.250.0.1" }, { identifier: user.email, password: TEST_PASSWORD })).userId).toBe(user.id);
    // The learner's own session is not paused by the other one's guesses.
    await changePassword(await signedIn(user.id), { currentPassword: TEST_PASSWORD, password: NEW_PASSWORD });
    expect(await changes(user.id)).toBe(1);
  });

  test("parallel guesses are counted exactly: none slips past the limit", async () => {
    const user = await createLearner();
    const actor = await signedIn(user.id);
    const reasons = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        reasonOf(changePassword(actor, { currentPassword: `guess-${i}-guess`, password: NEW_PASSWORD })),
      ),
    );
    expect(reasons.filter((r) => r === "password.current_wrong")).toHaveLength(THROTTLE.passwordLimit);
    expect(reasons.filter((r) => r === "password.locked")).toHaveLength(10 - THROTTLE.passwordLimit);
  });
});
