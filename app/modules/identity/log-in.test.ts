import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createUser, TEST_PASSWORD, uniqueEmail } from "#tests/factories.ts";
import { logIn } from "./log-in.server.ts";
import { THROTTLE, throttleKeys } from "./throttle.server.ts";

const ip = () => `198.18.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

describe("logIn", () => {
  test("the right password opens a new session with an audit row and clears the account's failures", async () => {
    const user = await createLearner();
    await expect(logIn({ ip: ip() }, { email: user.email, password: "Wrong-password-1" })).rejects.toMatchObject({
      reason: "login.invalid",
    });
    const session = await logIn({ ip: ip() }, { email: user.email, password: TEST_PASSWORD });
    expect(session).toMatchObject({ userId: user.id, roles: ["learner"], cookie: expect.stringMatching(/waystone_session=/) });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login", entityId: user.id } })).toBe(1);
    // the earlier failure no longer counts towards a lock
    const [accountKey] = throttleKeys(user.email, null);
    expect(await prisma.loginThrottle.count({ where: { key: accountKey } })).toBe(0);
  });

  test("a suspended account cannot log in, even with its password, and gets the same answer as a wrong one", async () => {
    const user = await createUser({ roles: ["learner"] });
    await prisma.user.update({ where: { id: user.id }, data: { status: "suspended" } });
    await expect(logIn({ ip: ip() }, { email: user.email, password: TEST_PASSWORD })).rejects.toMatchObject({
      reason: "login.invalid",
      status: 400,
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "auth.login", entityId: user.id } })).toBe(0);
  });

  test("a locked account is refused with the minutes left, and no session is made", async () => {
    const user = await createLearner();
    const attempts = [];
    for (let i = 0; i < THROTTLE.accountLimit; i++)
      attempts.push(await logIn({ ip: ip() }, { email: user.email, password: `nope-${i}-nope` }).catch((e: unknown) => e));
    expect(attempts.at(-1)).toMatchObject({ reason: "login.locked", status: 429, params: { minutes: THROTTLE.lockMinutes } });
    await expect(logIn({ ip: ip() }, { email: user.email, password: TEST_PASSWORD })).rejects.toMatchObject({
      reason: "login.locked",
    });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
  });

  test("failures racing at the limit lock the account exactly once (atomic counters)", async () => {
    const email = uniqueEmail("race");
    await Promise.allSettled(
      Array.from({ length: THROTTLE.accountLimit + 2 }, () => logIn({ ip: null }, { email, password: "nope-nope-nope" })),
    );
    await expect(logIn({ ip: null }, { email, password: "nope-nope-nope" })).rejects.toMatchObject({ reason: "login.locked" });
  });
});
