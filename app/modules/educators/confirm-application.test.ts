import { describe, expect, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { applicationInput } from "#tests/application-input.ts";
import { createLearner, uniqueUsername } from "#tests/factories.ts";
import { confirmApplication } from "./confirm-application.server.ts";
import { submitApplication } from "./submit-application.server.ts";

async function linkFor(data = applicationInput()) {
  await submitApplication({ locale: "en", clientIp: null }, data);
  const sent = await prisma.outboxEmail.findFirstOrThrow({ where: { to: data.email } });
  return { data, token: /\/join\/educator\/confirm\/([A-Za-z0-9_-]+)/.exec(sent.text)![1]! };
}

describe("confirming an application to teach", () => {
  test("makes the educator account (confirmed address), the pending application, a session and the audit rows", async () => {
    const { data, token } = await linkFor();
    const result = await confirmApplication({}, { token });
    expect(result.cookie).toMatch(/waystone_session=/);
    const user = await prisma.user.findUniqueOrThrow({
      where: { id: result.userId },
      select: { username: true, email: true, roles: { select: { role: true } }, sessions: { select: { id: true } } },
    });
    expect(user).toMatchObject({ username: data.username, email: data.email, roles: [{ role: "educator" }] });
    expect(user.sessions).toHaveLength(1);
    const app = await prisma.educatorApplication.findUniqueOrThrow({ where: { userId: result.userId } });
    expect(app).toMatchObject({
      id: result.applicationId,
      status: "pending",
      subjects: ["physics", "mathematics"],
      languages: ["en", "fr"],
      availabilityHours: 6,
      highestQualification: "doctorate",
      institution: "Somewhere University",
      references: [
        { name: "R. One", contact: "one@example.test" },
        { name: "R. Two", contact: "+00 555 0101" },
      ],
    });
    const actions = (await prisma.auditEvent.findMany({ where: { actorId: result.userId } })).map((a) => a.action).sort();
    expect(actions).toEqual(["educator_application.submitted", "user.signed_up"]);
    await expect(confirmApplication({}, { token })).rejects.toMatchObject({ reason: "link.unusable", status: 410 });
    expect(await prisma.educatorApplication.count({ where: { userId: result.userId } })).toBe(1);
  });

  test("an expired link writes nothing", async () => {
    const { data, token } = await linkFor();
    await prisma.pendingSignup.updateMany({ where: { email: data.email }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(confirmApplication({}, { token })).rejects.toMatchObject({ reason: "link.unusable" });
    expect(await prisma.user.count({ where: { email: data.email } })).toBe(0);
  });

  test("an address that got an account meanwhile, or a username taken meanwhile, writes nothing", async () => {
    const first = await linkFor();
    await createLearner({ email: first.data.email });
    await expect(confirmApplication({}, { token: first.token })).rejects.toMatchObject({ reason: "link.unusable" });
    const username = uniqueUsername("meanwhile");
    const second = await linkFor(applicationInput({ username }));
    await createLearner({ username });
    await expect(confirmApplication({}, { token: second.token })).rejects.toMatchObject({ reason: "account.username_taken" });
    expect(await prisma.user.count({ where: { email: second.data.email } })).toBe(0);
    expect((await prisma.pendingSignup.findFirstOrThrow({ where: { email: second.data.email } })).usedAt).toBeNull();
  });

  test("two presses at the same moment make one account and one application", async () => {
    const { data, token } = await linkFor();
    const results = await Promise.allSettled([confirmApplication({}, { token }), confirmApplication({}, { token })]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await prisma.user.count({ where: { email: data.email } })).toBe(1);
  });

  test("an invitation's link or an unknown one is unusable here", async () => {
    await expect(confirmApplication({}, { token: "z".repeat(43) })).rejects.toMatchObject({ reason: "link.unusable" });
  });
});
