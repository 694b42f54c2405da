// zod schemas of sponsorship: the sponsor's order form, the admins' price form, and the parts of Stripe's
// objects that fulfilment reads (webhook bodies and retrieved sessions are checked before use). Form
// messages are i18n keys.
import { z } from "zod";

const Id = (message: string) =>
  z
    .string({ error: message })
    .min(1, message)
    .regex(/^[a-z0-9]{10,40}$/i, message);

/** The most seats one order may buy. */
export const MAX_SEATS_PER_ORDER = 1000;

/** Currencies a price may be set in, with the digits of their minor unit (Stripe's zero-decimal JPY). */
export const CURRENCIES = { usd: 2, eur: 2, gbp: 2, cad: 2, aud: 2, chf: 2, jpy: 0 } as const;
export type Currency = keyof typeof CURRENCIES;
export const CURRENCY_CODES = Object.keys(CURRENCIES) as Currency[];

/** The largest price of one seat, in minor units (Stripe's limit for one amount is 99,999,999). */
export const MAX_SEAT_PRICE_MINOR = 10_000_000;

export const CreateOrderSchema = z.object({
  orgId: Id("form.choose_option"),
  courseId: Id("form.choose_option"),
  // empty: any cohort of the course
  cohortId: Id("form.choose_option").optional(),
  seats: z
    .number({ error: "sponsor.seats_invalid" })
    .int("sponsor.seats_invalid")
    .min(1, "sponsor.seats_invalid")
    .max(MAX_SEATS_PER_ORDER, "sponsor.seats_invalid"),
  // A checkbox: unused seats of an ended cohort move to the next one unless the sponsor says otherwise.
  keepInCohort: z
    .string()
    .optional()
    .transform((v) => v === "on"),
});
export type CreateOrderInput = z.output<typeof CreateOrderSchema>;
/** The order form's fields: the organisation comes from the page's URL. */
export const OrderFormSchema = CreateOrderSchema.omit({ orgId: true });

export const OrderIdSchema = z.object({ orderId: Id("form.invalid") });
export type OrderIdInput = z.output<typeof OrderIdSchema>;

export const CheckoutReturnSchema = z.object({
  orderId: Id("form.invalid"),
  sessionId: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[A-Za-z0-9_]+$/),
});
export type CheckoutReturnInput = z.output<typeof CheckoutReturnSchema>;

/** "120", "120.5" or "120.50" in the currency's major unit, at most its number of decimals. */
const MAJOR_AMOUNT = /^\d{1,9}(?:\.\d{1,2})?$/;

export const SetSeatPriceSchema = z
  .object({
    courseId: Id("form.choose_option"),
    currency: z.enum(CURRENCY_CODES as [Currency, ...Currency[]], { error: "form.choose_option" }),
    amount: z.string({ error: "form.required" }).trim().min(1, "form.required").regex(MAJOR_AMOUNT, "sponsor.amount_invalid"),
  })
  .transform((v, ctx) => {
    const digits = CURRENCIES[v.currency];
    const [whole = "0", fraction = ""] = v.amount.split(".");
    if (fraction.length > digits) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "sponsor.amount_invalid" });
      return z.NEVER;
    }
    const amountMinor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0") || "0");
    if (!Number.isSafeInteger(amountMinor) || amountMinor > MAX_SEAT_PRICE_MINOR) {
      ctx.addIssue({ code: "custom", path: ["amount"], message: "sponsor.amount_invalid" });
      return z.NEVER;
    }
    return { courseId: v.courseId, currency: v.currency, amountMinor };
  });
export type SetSeatPriceInput = z.output<typeof SetSeatPriceSchema>;

// ---- Stripe's objects, as far as fulfilment reads them

const Metadata = z.record(z.string(), z.string()).nullish();

export const CheckoutSessionSchema = z.object({
  id: z.string().min(1),
  object: z.literal("checkout.session"),
  status: z.enum(["open", "complete", "expired"]).nullish(),
  payment_status: z.enum(["paid", "unpaid", "no_payment_required"]),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  client_reference_id: z.string().nullish(),
  metadata: Metadata,
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
  customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  created: z.number().int().optional(),
});
export type CheckoutSessionFacts = z.output<typeof CheckoutSessionSchema>;

export const ChargeSchema = z.object({
  id: z.string().min(1),
  object: z.literal("charge"),
  payment_intent: z.union([z.string(), z.object({ id: z.string() })]).nullish(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  refunded: z.boolean(),
});
export type ChargeFacts = z.output<typeof ChargeSchema>;

export const StripeEventSchema = z.object({
  id: z.string().min(1).max(255),
  type: z.string().min(1).max(255),
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});
