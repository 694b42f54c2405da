import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { createOrganisation, uniqueEmail, uniqueUsername } from "#tests/factories.ts";
import { createAccount, preparePassword, withAccountConflicts } from "./create-account.server.ts";
import { verifyPassword } from "./password.server.ts";

const STRONG = "Lantern-Orchard-Quiet-47";

describe("preparePassword", () => {
  test("a weak password is refused on the password field with the policy's message", async () => {
    const error = await preparePassword("password1234", ["someone@example.test"]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ reason: "password.rejected", field: "password", key: "password.common", status: 400 });
    await expect(preparePassword("short", [])).rejects.toMatchObject({ key: "password.too_short" });
  });
  test("a strong password gives an argon2id hash of it", async () => {
    const hash = await preparePassword(STRONG, ["someone@example.test", "Someone"]);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, STRONG)).toBe(true);
  });
});

describe("createAccount", () => {
  test("creates the user with its roles and memberships and writes user.signed_up", async () => {
    const email = uniqueEmail("account");
    const org = await createOrganisation({ kind: "sponsor" });
    const grantor = await prisma.user.create({
      data: { email: uniqueEmail("grantor"), username: uniqueUsername("grantor"), displayName: "Grantor", passwordHash: "x" },
      select: { id: true },
    });
    const { id } = await prisma.$transaction((tx) =>
      createAccount(tx, {
        username: uniqueUsername("account"),
        email,
        displayName: "New Person",
        passwordHash: "hash",
        locale: "es",
        roles: ["sponsor"],
        orgIds: [org.id],
        grantedById: grantor.id,
      }),
    );
    const user = await prisma.user.findUniqueOrThrow({
      where: { id },
      select: { email: true, locale: true, roles: { select: { role: true, grantedById: true } }, memberships: true },
    });
    expect(user).toMatchObject({ email, locale: "es", roles: [{ role: "sponsor", grantedById: grantor.id }] });
    expect(user.memberships.map((m) => m.orgId)).toEqual([org.id]);
    const audit = await prisma.auditEvent.findMany({ where: { entityId: id, action: "user.signed_up" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toEqual({ role: "sponsor" });
  });

  test("a taken email is account.email_taken on the email field, and the transaction writes nothing", async () => {
    const email = uniqueEmail("taken");
    const make = () =>
      withAccountConflicts(() =>
        prisma.$transaction((tx) =>
          createAccount(tx, {
            username: uniqueUsername("twice"),
            email,
            displayName: "Twice",
            passwordHash: "hash",
            locale: null,
            roles: ["learner"],
          }),
        ),
      );
    await make();
    const error = await make().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ reason: "account.email_taken", field: "email", status: 409 });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
    const ids = (await prisma.user.findMany({ where: { email }, select: { id: true } })).map((u) => u.id);
    expect(await prisma.auditEvent.count({ where: { action: "user.signed_up", entityId: { in: ids } } })).toBe(1);
  });

  test("a taken username is account.username_taken on the username field", async () => {
    const username = uniqueUsername("once");
    const make = (email: string) =>
      withAccountConflicts(() =>
        prisma.$transaction((tx) =>
          createAccount(tx, { username, email, displayName: "Once", passwordHash: "hash", locale: null, roles: ["learner"] }),
        ),
      );
    await make(uniqueEmail("once-a"));
    await expect(make(uniqueEmail("once-b"))).rejects.toMatchObject({
      reason: "account.username_taken",
      field: "username",
      status: 409,
    });
    expect(await prisma.user.count({ where: { username } })).toBe(1);
  });

  test("two sign-ups with one email at the same moment give one account", async () => {
    const email = uniqueEmail("race");
    const attempt = () =>
      withAccountConflicts(() =>
        prisma.$transaction((tx) =>
          createAccount(tx, {
            username: uniqueUsername("racer"),
            email,
            displayName: "Racer",
            passwordHash: "hash",
            locale: null,
            roles: ["learner"],
          }),
        ),
      );
    const results = await Promise.allSettled([attempt(), attempt()]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect((refused as PromiseRejectedResult).reason).toMatchObject({ reason: "account.email_taken" });
    expect(await prisma.user.count({ where: { email } })).toBe(1);
  });
});
