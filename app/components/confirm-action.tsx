// The "Are you sure?" view of a confirmed admin action (docs/decisions/015-confirmed-admin-actions.md).
// It is rendered from the action's reply to the first post (reason `confirmation.required`): the same
// values again as hidden fields, plus `confirm=yes`, behind a Confirm button; Cancel is a plain link back.
// Works without JavaScript; with it, focus moves to the question so it is read out and seen.
import { useEffect, useRef, type ReactNode } from "react";
import { Form, Link } from "react-router";
import { useT } from "#app/utils/use-t.ts";

type ReplyLike = { initialValue?: Record<string, unknown> | null } | null | undefined;
type ActionDataLike = { result?: ReplyLike; reason?: string; params?: Record<string, string | number> } | null | undefined;

/** The reply when the last post asked for a confirmation (the operation's `confirmation.required`), else null. */
export function pendingConfirmation(actionData: unknown) {
  const data = actionData as ActionDataLike;
  if (!data || data.reason !== "confirmation.required" || !data.result) return null;
  return { values: data.result.initialValue ?? {}, params: data.params ?? {} };
}

export type PendingConfirmation = NonNullable<ReturnType<typeof pendingConfirmation>>;

/** The submitted values as hidden inputs (strings and lists of strings; the confirmation itself is added once). */
function hiddenInputs(values: Record<string, unknown>) {
  return Object.entries(values).flatMap(([name, value]) => {
    if (name === "confirm") return [];
    const list = Array.isArray(value) ? value : [value];
    return list
      .filter((v): v is string | number => typeof v === "string" || typeof v === "number")
      .map((v, i) => <input key={`${name}-${i}`} type="hidden" name={name} value={String(v)} />);
  });
}

export function ConfirmAction({
  pending,
  heading,
  children,
  confirmLabel,
  cancelTo,
  danger = true,
}: {
  pending: PendingConfirmation;
  /** Text, or a message with user content isolated (WithUserText). */
  heading: ReactNode;
  children?: ReactNode;
  confirmLabel: ReactNode;
  /** Where Cancel leads: the page itself, without the question. */
  cancelTo: string;
  danger?: boolean;
}) {
  const t = useT();
  const ref = useRef<HTMLElement>(null);
  // Once per question (not on every render: the reply object is rebuilt each time).
  const question = JSON.stringify(pending.values);
  useEffect(() => {
    ref.current?.focus();
  }, [question]);
  return (
    <section className="panel confirm-panel" aria-labelledby="confirm-heading" tabIndex={-1} ref={ref}>
      <h2 id="confirm-heading">{heading}</h2>
      {children}
      <Form method="post" className="actions">
        {hiddenInputs(pending.values)}
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" className={danger ? "button button-danger" : "button"}>
          {confirmLabel}
        </button>
        <Link to={cancelTo} className="button button-secondary">
          {t("confirm.cancel")}
        </Link>
      </Form>
    </section>
  );
}
