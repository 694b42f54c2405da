// The settings page as React Router calls it: a legal name only for learners and never shown back after
// saving, an email that waits for its link (an address of another account looks the same), and language
// and low-data mode in force on the very response that saves them.
import { describe, expect, test } from "vitest";
import * as root from "#app/root.tsx";
import * as settings from "#app/routes/settings.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, createLearnerWithoutEmail, createUser, uniqueEmail } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";

type Page = { account: Record<string, unknown>; legalName: string | null; saved: string | null };

const load = async (cookie: string, path = "/settings") =>
  (await run(() => settings.loader({ request: makeRequest(path, { cookie }), params: {}, context } as never))) as {
    status: number;
    data: Page;
  };
const post = (cookie: string, form: Record<string, string>) =>
  run(() => settings.action({ request: makeRequest("/settings", { cookie, form }), params: {}, context } as never));

describe("legal name", () => {
  test("is offered to learners only; anyone else's post is refused and stores nothing", async () => {
    const learner = await createLearner();
    expect((await load(await sessionCookieFor(learner.id))).data.account.offersLegalName).toBe(true);
    for (const role of ["sponsor", "verifier", "educator"] as const) {
      const user = await createUser({ roles: [role] });
      const cookie = await sessionCookieFor(user.id);
      expect((await load(cookie)).data.account.offersLegalName, role).toBe(false);
      const outcome = await post(cookie, { intent: "legal-name", legalName: "Someone Real", legalNameConsent: "on" });
      expect(outcome, role).toMatchObject({ kind: "thrown", status: 403 });
      expect((await prisma.user.findUniqueOrThrow({ where: { id: user.id } })).legalNameCipher).toBeNull();
    }
  });

  test("after saving, the page says a legal name is saved and never puts it back on screen", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const saved = await post(cookie, { intent: "legal-name", legalName: "Amina Example", legalNameConsent: "on" });
    expect(saved).toMatchObject({ kind: "thrown", status: 303, location: "/settings?saved=legal-name" });
    const page = await load(cookie, "/settings?saved=legal-name");
    expect(page.data).toMatchObject({ legalName: null, saved: "settings.saved_legal", account: { hasLegalName: true } });
    expect(JSON.stringify(page.data)).not.toContain("Amina");
    // Saving the consent alone keeps the name; the remove button clears it.
    await post(cookie, { intent: "legal-name" });
    expect((await load(cookie)).data.account).toMatchObject({ hasLegalName: true, legalNameConsent: false });
    const removed = await post(cookie, { intent: "remove-legal-name" });
    expect(removed).toMatchObject({ status: 303, location: "/settings?saved=legal-name-removed" });
    expect((await load(cookie)).data.account).toMatchObject({ hasLegalName: false });
  });
});

describe("email address", () => {
  test("a new address and one of another account give the same answer and the same page", async () => {
    const pages = [];
    const other = await createLearner();
    for (const email of [uniqueEmail("fresh"), other.email]) {
      const learner = await createLearnerWithoutEmail();
      const cookie = await sessionCookieFor(learner.id);
      const outcome = await post(cookie, { intent: "email", email });
      expect(outcome).toEqual({ kind: "thrown", status: 303, location: "/settings?saved=email" });
      const page = await load(cookie, "/settings?saved=email");
      expect(page.data.account).toMatchObject({ email: null, pendingEmail: email });
      pages.push(
        JSON.stringify({
          ...page.data,
          account: { ...page.data.account, id: "…", username: "…", displayName: "…", pendingEmail: "…" },
        }),
      );
    }
    expect(pages[0]).toBe(pages[1]);
  });

  test("resend and remove", async () => {
    const learner = await createLearner();
    const cookie = await sessionCookieFor(learner.id);
    const next = uniqueEmail("next");
    await post(cookie, { intent: "email", email: next });
    expect(await post(cookie, { intent: "resend-email" })).toMatchObject({ status: 303, location: "/settings?saved=email" });
    expect(await prisma.outboxEmail.count({ where: { to: next } })).toBe(2);
    expect(await post(cookie, { intent: "remove-email" })).toMatchObject({
      status: 303,
      location: "/settings?saved=email-removed",
    });
    expect((await load(cookie)).data.account).toMatchObject({ email: null, pendingEmail: null });
  });

  test("a malformed address is a 400 on the email field, and nothing is written", async () => {
    const learner = await createLearnerWithoutEmail();
    const cookie = await sessionCookieFor(learner.id);
    const outcome = (await post(cookie, { intent: "email", email: "not-an-email" })) as {
      status: number;
      data: { result: { error: Record<string, string[]> } };
    };
    expect(outcome.status).toBe(400);
    expect(outcome.data.result.error).toEqual({ email: ["form.email_invalid"] });
    expect(await prisma.emailConfirmation.count({ where: { userId: learner.id } })).toBe(0);
  });
});

describe("language and low-data mode", () => {
  test("hold on the very response that saves them: the page it leads to is in the new language, without scripts", async () => {
    const learner = await createLearner({ displayName: "Prefs Person" });
    const session = await sessionCookieFor(learner.id);
    const request = makeRequest("/settings", {
      cookie: session,
      form: { intent: "profile", displayName: "Prefs Person", locale: "ar", lowData: "on" },
    });
    const response = (await settings.action({ request, params: {}, context } as never)) as Response;
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/settings?saved=profile");
    const prefs = response.headers.get("Set-Cookie")!.split(";")[0]!;
    const next = await run(() =>
      root.loader({
        request: makeRequest("/settings?saved=profile", { cookie: `${session}; ${prefs}` }),
        params: {},
        context,
      } as never),
    );
    expect((next as { data: { locale: string; dir: string; lowData: boolean } }).data).toMatchObject({
      locale: "ar",
      dir: "rtl",
      lowData: true,
    });
  });
});
