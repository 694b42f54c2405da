// Lists of the vetting workflow shared by pages and schemas. Kept apart from schemas.ts so pages can
// use them without shipping zod to the browser (docs/decisions/005-i18n-and-javascript-budget.md).

/** An application's states (labels: `application_status.<status>`). */
export const APPLICATION_STATUSES = ["pending", "info_requested", "approved", "rejected"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The three decisions an admin can make, by the `intent` of their form, and the status each leads to. */
export const DECISIONS = [
  { intent: "approve", decision: "approved" },
  { intent: "request_info", decision: "info_requested" },
  { intent: "reject", decision: "rejected" },
] as const;
export type DecisionIntent = (typeof DECISIONS)[number]["intent"];
export type Decision = (typeof DECISIONS)[number]["decision"];

export const DECISION_INTENTS = DECISIONS.map((d) => d.intent) as [DecisionIntent, ...DecisionIntent[]];

export function decisionOf(intent: DecisionIntent): Decision {
  return DECISIONS.find((d) => d.intent === intent)!.decision;
}

/** Suspending an active educator, or reinstating a suspended one (labels: `educator.<intent>`). */
export const SUSPENSION_INTENTS = ["suspend", "reinstate"] as const;
export type SuspensionIntent = (typeof SUSPENSION_INTENTS)[number];
