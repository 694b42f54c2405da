// Fixtures of the sponsorship tests: a priced published course, a sponsor organisation with a member,
// and the local Stripe fake (scripts/stripe-fake.ts) wired to this process's environment, so the real
// `stripe` SDK in the app talks to it.
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { forgetEnv } from "#app/utils/env.server.ts";
import { startStripeFake, type StripeFake } from "#scripts/stripe-fake.ts";
import { createSponsorMember } from "./factories.ts";
import { createCohort, createCourseOpenForCohorts } from "./learning-factories.ts";

export const WEBHOOK_SECRET = "whsec_test_waystone_fake_0123456789";

/** A published course with a seat price (and, with `cohort`, one open cohort of it). */
export async function createPricedCourse(
  options: { amountMinor?: number; currency?: string; cohort?: boolean; capacity?: number } = {},
) {
  const course = await createCourseOpenForCohorts();
  await prisma.seatPrice.create({
    data: { courseId: course.id, amountMinor: options.amountMinor ?? 12_000, currency: options.currency ?? "usd" },
  });
  const cohort = options.cohort ? await createCohort({ courseId: course.id, capacity: options.capacity ?? 200 }) : null;
  return { ...course, cohortId: cohort?.id ?? null };
}

/** A sponsor organisation with one member, and the member's actor. */
export async function createSponsor() {
  const member = await createSponsorMember();
  return { ...member, actor: await actorFor(member.id) };
}

/** Starts the Stripe fake and points this process's Stripe settings at it; `stop` undoes both. */
export async function useStripeFake(options: { webhookUrl?: string } = {}): Promise<StripeFake & { stop: () => Promise<void> }> {
  const saved = {
    STRIPE_SECRET_KEY: process.env.STRIPE_SECRET_KEY,
    STRIPE_WEBHOOK_SECRET: process.env.STRIPE_WEBHOOK_SECRET,
    STRIPE_API_BASE: process.env.STRIPE_API_BASE,
  };
  const fake = await startStripeFake({ webhookSecret: WEBHOOK_SECRET, webhookUrl: options.webhookUrl });
  process.env.STRIPE_SECRET_KEY = "sk_test_waystone_fake";
  process.env.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET;
  process.env.STRIPE_API_BASE = fake.url;
  forgetEnv();
  return Object.assign(fake, {
    async stop() {
      await fake.close();
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      forgetEnv();
    },
  });
}

/** Turns the Stripe settings off for this process (the offline provider). */
export function useOfflineProvider() {
  delete process.env.STRIPE_SECRET_KEY;
  delete process.env.STRIPE_WEBHOOK_SECRET;
  delete process.env.STRIPE_API_BASE;
  forgetEnv();
}

/** The seats an order holds now: all of them, and those an enrolment uses. */
export async function seatsOf(orderId: string) {
  const [total, used] = await Promise.all([
    prisma.seat.count({ where: { orderId } }),
    prisma.seat.count({ where: { orderId, usedAt: { not: null } } }),
  ]);
  return { total, used };
}
