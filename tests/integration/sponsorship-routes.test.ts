// The sponsor's order pages and the admins' sponsorship page, called as React Router calls them, with real
// sessions and a real database: every loader and action tried by each role against another
// organisation's order and organisation by id, bad input re-rendered with 400, and the offline provider's
// whole flow (no Stripe keys in this file).
import { beforeAll, describe, expect, test } from "vitest";
import * as adminSponsorship from "#app/routes/admin/sponsorship.tsx";
import * as sponsorHome from "#app/routes/sponsor.tsx";
import * as checkout from "#app/routes/sponsor/checkout.tsx";
import * as orderNew from "#app/routes/sponsor/order-new.tsx";
import * as orderPage from "#app/routes/sponsor/order.tsx";
import * as orderReturn from "#app/routes/sponsor/order-return.ts";
import * as receipt from "#app/routes/sponsor/receipt.tsx";
import { prisma } from "#app/utils/db.server.ts";
import { createAdmin, createLearner, createUser, createVerifier } from "#tests/factories.ts";
import { context, makeRequest, run, sessionCookieFor } from "#tests/route-helpers.ts";
import { createPricedCourse, createSponsor, seatsOf, useOfflineProvider } from "#tests/sponsorship-fixtures.ts";

type Mod = { loader?: (a: never) => unknown; action?: (a: never) => unknown };
const get = (mod: Mod, path: string, params: Record<string, string>, cookie?: string) =>
  run(() => mod.loader!({ request: makeRequest(path, { cookie }), params, context } as never));
const post = (
  mod: Mod,
  path: string,
  params: Record<string, string>,
  cookie: string | undefined,
  form: Record<string, string> = {},
) => run(() => mod.action!({ request: makeRequest(path, { cookie, form }), params, context } as never));

let owner: Awaited<ReturnType<typeof createSponsor>>;
let ownerCookie = "";
let course: Awaited<ReturnType<typeof createPricedCourse>>;
const strangers: Record<string, string | undefined> = {};

beforeAll(async () => {
  useOfflineProvider();
  owner = await createSponsor();
  ownerCookie = await sessionCookieFor(owner.id);
  course = await createPricedCourse({ amountMinor: 12_000, currency: "usd", cohort: true });
  strangers.otherSponsor = await sessionCookieFor((await createSponsor()).id);
  strangers.learner = await sessionCookieFor((await createLearner()).id);
  strangers.educator = await sessionCookieFor((await createUser({ roles: ["educator"] })).id);
  strangers.verifier = await sessionCookieFor((await createVerifier()).id);
  strangers.anonymous = undefined;
});

async function placeOrder(seats = "12") {
  const outcome = await post(orderNew, `/sponsor/orgs/${owner.orgId}/order`, { orgId: owner.orgId }, ownerCookie, {
    courseId: course.id,
    seats,
  });
  expect(outcome).toMatchObject({ kind: "thrown", status: 302 });
  const location = (outcome as { location: string }).location;
  const orderId = /\/sponsor\/orders\/(\w+)\/checkout/.exec(location)![1]!;
  return orderId;
}

describe("the offline provider's flow", () => {
  test("order → local checkout page → completed: exactly the seats, a receipt, the home lists it", async () => {
    const form = await get(orderNew, `/sponsor/orgs/${owner.orgId}/order`, { orgId: owner.orgId }, ownerCookie);
    expect(form).toMatchObject({
      kind: "ok",
      data: { provider: "offline", courses: expect.arrayContaining([expect.objectContaining({ id: course.id })]) },
    });
    const orderId = await placeOrder();
    const page = await get(checkout, `/sponsor/orders/${orderId}/checkout`, { orderId }, ownerCookie);
    expect(page).toMatchObject({ kind: "ok", data: { order: { seats: 12, amountMinor: 144_000, canPay: true } } });
    expect(await get(receipt, `/sponsor/orders/${orderId}/receipt`, { orderId }, ownerCookie)).toMatchObject({ status: 404 });
    const done = await Promise.all([
      post(checkout, `/sponsor/orders/${orderId}/checkout`, { orderId }, ownerCookie),
      post(checkout, `/sponsor/orders/${orderId}/checkout`, { orderId }, ownerCookie),
    ]);
    expect(done.map((d) => d.status)).toEqual([302, 302]);
    expect(await seatsOf(orderId)).toEqual({ total: 12, used: 0 });
    expect(await get(receipt, `/sponsor/orders/${orderId}/receipt`, { orderId }, ownerCookie)).toMatchObject({
      kind: "ok",
      data: { receipt: { amountTotal: 144_000, currency: "usd" } },
    });
    const home = await get(sponsorHome, "/sponsor", {}, ownerCookie);
    const orders = (
      home as { data: { orgs: Array<{ id: string; orders: Array<{ id: string; status: string; seatsHeld: number }> }> } }
    ).data.orgs.find((o) => o.id === owner.orgId)!.orders;
    expect(orders.find((o) => o.id === orderId)).toMatchObject({ status: "paid", seatsHeld: 12 });
  });

  test("bad input on the order form re-renders with the field's message and 400, and writes nothing", async () => {
    const before = await prisma.sponsorOrder.count({ where: { orgId: owner.orgId } });
    for (const [field, form] of [
      ["seats", { courseId: course.id, seats: "0" }],
      ["seats", { courseId: course.id, seats: "-4" }],
      ["seats", { courseId: course.id, seats: "1001" }],
      ["seats", { courseId: course.id, seats: "99999999999999999999" }],
      ["seats", { courseId: course.id, seats: "abc" }],
      ["courseId", { courseId: "", seats: "3" }],
      ["courseId", { courseId: "cl00000000notacourse", seats: "3" }],
    ] as const) {
      const outcome = await post(orderNew, `/sponsor/orgs/${owner.orgId}/order`, { orgId: owner.orgId }, ownerCookie, form);
      expect(outcome.status, JSON.stringify(form)).toBe(400);
      const errors = (outcome as { data: { result: { error: Record<string, string[]> } } }).data.result.error;
      expect(Object.keys(errors), JSON.stringify(form)).toContain(field);
    }
    expect(await prisma.sponsorOrder.count({ where: { orgId: owner.orgId } })).toBe(before);
  });
});

describe("tenant isolation by id", () => {
  test("every sponsor loader and action refuses other organisations' members and other roles", async () => {
    const orderId = await placeOrder("2");
    const orgParams = { orgId: owner.orgId };
    const orderParams = { orderId };
    const attempts: Array<[string, () => Promise<{ status: number }>]> = [];
    for (const [who, cookie] of Object.entries(strangers)) {
      attempts.push(
        [`${who} GET order form`, () => get(orderNew, `/sponsor/orgs/${owner.orgId}/order`, orgParams, cookie)],
        [
          `${who} POST order`,
          () => post(orderNew, `/sponsor/orgs/${owner.orgId}/order`, orgParams, cookie, { courseId: course.id, seats: "3" }),
        ],
        [`${who} GET order`, () => get(orderPage, `/sponsor/orders/${orderId}`, orderParams, cookie)],
        [`${who} POST order (pay)`, () => post(orderPage, `/sponsor/orders/${orderId}`, orderParams, cookie)],
        [`${who} GET checkout`, () => get(checkout, `/sponsor/orders/${orderId}/checkout`, orderParams, cookie)],
        [`${who} POST checkout`, () => post(checkout, `/sponsor/orders/${orderId}/checkout`, orderParams, cookie)],
        [`${who} GET return`, () => get(orderReturn, `/sponsor/orders/${orderId}/return?session_id=x`, orderParams, cookie)],
        [`${who} GET receipt`, () => get(receipt, `/sponsor/orders/${orderId}/receipt`, orderParams, cookie)],
      );
    }
    for (const [label, attempt] of attempts) {
      const outcome = await attempt();
      // Anonymous: to the login page; signed in: not found (the order and org do not exist for them) or forbidden.
      expect([302, 403, 404], label).toContain(outcome.status);
      if (label.startsWith("otherSponsor")) expect(outcome.status, label).toBe(404);
    }
    expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
    expect((await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("pending");
    expect(await prisma.sponsorOrder.count({ where: { orgId: owner.orgId } })).toBeGreaterThan(0);
    // The other sponsor's home lists none of this organisation's orders.
    const home = await get(sponsorHome, "/sponsor", {}, strangers.otherSponsor);
    expect(JSON.stringify((home as { data: unknown }).data)).not.toContain(orderId);
  });

  test("malformed ids are not found", async () => {
    for (const bad of ["x", "../admin", "a".repeat(80)])
      expect(await get(orderPage, `/sponsor/orders/${bad}`, { orderId: bad }, ownerCookie)).toMatchObject({ status: 404 });
  });

  test("the admins' sponsorship page: admins set prices (bad amounts get 400); nobody else reads or posts", async () => {
    const admin = await sessionCookieFor((await createAdmin()).id);
    expect(await get(adminSponsorship, "/admin/sponsorship", {}, admin)).toMatchObject({ kind: "ok" });
    const ok = await post(adminSponsorship, "/admin/sponsorship", {}, admin, {
      courseId: course.id,
      currency: "eur",
      amount: "95.50",
    });
    expect(ok).toMatchObject({ status: 302 });
    expect(await prisma.seatPrice.findUniqueOrThrow({ where: { courseId: course.id } })).toMatchObject({
      amountMinor: 9_550,
      currency: "eur",
    });
    for (const amount of ["-1", "abc", "1.234", "100000.01", ""]) {
      const bad = await post(adminSponsorship, "/admin/sponsorship", {}, admin, { courseId: course.id, currency: "eur", amount });
      expect(bad.status, amount).toBe(400);
    }
    expect(
      (await post(adminSponsorship, "/admin/sponsorship", {}, admin, { courseId: course.id, currency: "xxx", amount: "1" }))
        .status,
    ).toBe(400);
    for (const [who, cookie] of [...Object.entries(strangers), ["owner", ownerCookie] as const]) {
      expect([302, 403, 404], who).toContain((await get(adminSponsorship, "/admin/sponsorship", {}, cookie)).status);
      expect([302, 403, 404], who).toContain(
        (await post(adminSponsorship, "/admin/sponsorship", {}, cookie, { courseId: course.id, currency: "usd", amount: "1" }))
          .status,
      );
    }
    expect(await prisma.seatPrice.findUniqueOrThrow({ where: { courseId: course.id } })).toMatchObject({ amountMinor: 9_550 });
  });
});
