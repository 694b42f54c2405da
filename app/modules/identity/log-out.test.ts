import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner } from "#tests/factories.ts";
import { makeRequest, sessionCookieFor } from "#tests/route-helpers.ts";
import { logOut } from "./log-out.server.ts";
import { getOptionalUser } from "./session.server.ts";

describe("logOut", () => {
  test("ends this session only, with an audit row; logging out twice records one logout", async () => {
    const user = await createLearner();
    const here = await getOptionalUser(makeRequest("/", { cookie: await sessionCookieFor(user.id) }));
    await sessionCookieFor(user.id); // another device
    await logOut(here!);
    await logOut(here!);
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await prisma.session.count({ where: { id: here!.sessionId } })).toBe(0);
    expect(await prisma.auditEvent.count({ where: { action: "auth.logout", entityId: user.id } })).toBe(1);
  });

  test("a session id of someone else is not ended", async () => {
    const a = await createLearner();
    const b = await createLearner();
    const bSession = await getOptionalUser(makeRequest("/", { cookie: await sessionCookieFor(b.id) }));
    await logOut({ id: a.id, sessionId: bSession!.sessionId });
    expect(await prisma.session.count({ where: { id: bSession!.sessionId } })).toBe(1);
    expect(await prisma.auditEvent.count({ where: { action: "auth.logout", entityId: a.id } })).toBe(0);
  });
});
