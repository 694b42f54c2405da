// `npm run payments:reconcile` as a command: it lists paid sessions from Stripe (the local fake, through
// the real SDK), reports drift with exit code 1, and fixes it with --apply (exit code 0 after).
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { prisma } from "#app/utils/db.server.ts";
import { createOrder } from "#app/modules/sponsorship/create-order.server.ts";
import { createPricedCourse, createSponsor, seatsOf, useStripeFake, WEBHOOK_SECRET } from "#tests/sponsorship-fixtures.ts";

const kind = inject("databaseKind");
let fake: Awaited<ReturnType<typeof useStripeFake>>;
const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-reconcile-"));

beforeAll(async () => {
  fake = await useStripeFake();
  if (kind === "pglite") {
    // The command owns its embedded database: migrate (and seed) it first.
    const setup = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-setup.ts"], {
      env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir },
      encoding: "utf8",
    });
    if (setup.status !== 0) throw new Error(setup.stdout + setup.stderr);
  }
}, 180_000);
afterAll(async () => {
  await fake.stop();
});

/** Runs the command without blocking this process: the Stripe fake answering it lives here. */
function reconcile(...args: string[]): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/payments-reconcile.ts", ...args], {
    env: {
      ...process.env,
      DATABASE_URL: kind === "postgresql" ? inject("databaseUrl") : "",
      DATA_DIR: dataDir,
      STRIPE_SECRET_KEY: "sk_test_waystone_fake",
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE: fake.url,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, out })));
}

describe("npm run payments:reconcile", () => {
  test("a usage error is exit code 2", async () => {
    expect((await reconcile("--fix")).code).toBe(2);
  });

  test("reports a paid session with no order of ours, and a paid order never fulfilled; --apply fulfils it", async () => {
    // A paid session whose order does not exist here.
    const stray = await fetch(`${fake.url}/v1/checkout/sessions`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "mode=payment&metadata[orderId]=cl0000000000strayorder&line_items[0][quantity]=1&line_items[0][price_data][currency]=usd&line_items[0][price_data][unit_amount]=100",
    }).then((r) => r.json() as Promise<{ id: string }>);
    fake.completeSession(stray.id);
    let orderId: string | null = null;
    if (kind === "postgresql") {
      // On the shared server the command sees this file's order: paid in Stripe, its webhook lost.
      const course = await createPricedCourse();
      const sponsor = await createSponsor();
      orderId = (await createOrder(sponsor.actor, { orgId: sponsor.orgId, courseId: course.id, seats: 3, keepInCohort: false }))
        .orderId;
      const order = await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } });
      fake.completeSession(order.checkoutSessionId!);
    }
    const first = await reconcile();
    expect(first.code, first.out).toBe(1);
    expect(first.out).toMatch(/Checking paid sessions \[.*\] \d+\/\d+/);
    expect(first.out).toContain(`DRIFT  unknown_order  session ${stray.id}`);
    if (orderId) {
      expect(first.out).toContain(`DRIFT  unfulfilled`);
      expect(await seatsOf(orderId)).toEqual({ total: 0, used: 0 });
      const applied = await reconcile("--apply");
      expect(applied.out).toContain(`FIXED  unfulfilled`);
      expect(await seatsOf(orderId)).toEqual({ total: 3, used: 0 });
      expect((await prisma.sponsorOrder.findUniqueOrThrow({ where: { id: orderId } })).status).toBe("paid");
      expect((await reconcile()).out).not.toContain(`order ${orderId}`);
    }
  }, 180_000);
});
