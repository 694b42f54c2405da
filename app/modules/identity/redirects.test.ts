// `redirectTo` only ever leads to a path of this site: every trick that browsers would read as another
// site, or that would break the Location header, falls back to the default, before anything is written.
import { describe, expect, test } from "vitest";
import * as login from "#app/routes/login.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createLearner, TEST_PASSWORD } from "#tests/factories.ts";
import { context, makeRequest, run } from "#tests/route-helpers.ts";
import { safeRedirectPath } from "./redirects.ts";

const TRICKS = [
  "//evil.example",
  "/\t/evil.example",
  "/%09/evil.example",
  "/\\evil.example",
  "/%5Cevil.example",
  "/%2F/evil.example",
  "/\n/evil.example",
  "/\r\nSet-Cookie: stolen=1",
  "/%0d%0aSet-Cookie:%20stolen=1",
  "/\u0000",
  "/%00",
  "/%E0%A4%A",
  "https://evil.example/",
  "javascript:alert(1)",
  "evil.example",
  " /learn",
  "",
  `/${"a".repeat(600)}`,
];

describe("safe redirect paths", () => {
  test.each(TRICKS.map((t) => [JSON.stringify(t), t]))("%s is refused", (_name, trick) => {
    expect(safeRedirectPath(trick)).toBeNull();
  });

  test("paths of this site pass, with their query and fragment", () => {
    expect(safeRedirectPath("/learn")).toBe("/learn");
    expect(safeRedirectPath("/courses?q=linear%20algebra&level=introductory")).toBe(
      "/courses?q=linear%20algebra&level=introductory",
    );
    expect(safeRedirectPath("/author/abc#module-2")).toBe("/author/abc#module-2");
    expect(safeRedirectPath(undefined)).toBeNull();
  });

  test("a login with a trick for redirectTo logs in and lands at home: never another site, never a 500", async () => {
    const learner = await createLearner();
    for (const trick of TRICKS) {
      const before = await prisma.session.count({ where: { userId: learner.id } });
      const outcome = await run(() =>
        login.action({
          request: makeRequest("/login", { form: { identifier: learner.username, password: TEST_PASSWORD, redirectTo: trick } }),
          params: {},
          context: { ...context, clientIp: `198.51.100.${TRICKS.indexOf(trick)}` },
        } as never),
      );
      // Refused by the form (a control character, too long) changes nothing; otherwise the home page.
      if (outcome.status === 400) {
        expect(await prisma.session.count({ where: { userId: learner.id } }), JSON.stringify(trick)).toBe(before);
      } else {
        expect(outcome, JSON.stringify(trick)).toMatchObject({ kind: "thrown", status: 302, location: "/learn" });
      }
    }
  });
});
