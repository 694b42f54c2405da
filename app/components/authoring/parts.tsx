import type { ReactNode } from "react";
import { Form } from "react-router";
import { useT } from "#app/utils/use-t.ts";

/**
 * "Move up" / "Move down" for a module or lesson: plain forms, so reordering works without JavaScript.
 * Each button's accessible name says what it moves ("Move up Module: Functions"); `label` isolates the
 * title it names (WithUserText), so an English title cannot reorder an Arabic label.
 */
export function MoveButtons({
  item,
  slug,
  label,
  first,
  last,
}: {
  item: "module" | "lesson";
  slug: string;
  label: ReactNode;
  first: boolean;
  last: boolean;
}) {
  const t = useT();
  return (
    <div className="move-buttons">
      {(["up", "down"] as const).map((direction) =>
        (direction === "up" && first) || (direction === "down" && last) ? null : (
          <Form method="post" key={direction}>
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="item" value={item} />
            <input type="hidden" name="slug" value={slug} />
            <input type="hidden" name="direction" value={direction} />
            <button type="submit" className="button-small">
              <span aria-hidden="true">{direction === "up" ? "↑" : "↓"} </span>
              {direction === "up" ? t("author.move_up") : t("author.move_down")}
              <span className="visually-hidden"> {label}</span>
            </button>
          </Form>
        ),
      )}
    </div>
  );
}

export function SavedNotice({ saved }: { saved: string | null }) {
  const t = useT();
  if (!saved) return null;
  return (
    <p className="alert alert-info" role="status">
      {t(`author.saved_${saved.replace(/-/g, "_")}`)}
    </p>
  );
}

/** Where the course stands: draft, in review, published or archived, and the reviewer's note. */
export function StatusBanner({
  state,
  revision,
  publishedRevision,
  reviewNote,
}: {
  state: string;
  revision: number;
  publishedRevision: number | null;
  reviewNote: string | null;
}) {
  const t = useT();
  return (
    <section className={`status-banner status-banner-${state}`} aria-labelledby="status-heading">
      <h2 id="status-heading">
        {t("author.status")}: <span className={`status status-${state}`}>{t(`author.status_${state}`)}</span>
      </h2>
      <p>{t(`author.state_explain_${state}`, { n: revision })}</p>
      {state !== "published" && publishedRevision !== null ? (
        <p>{t("author.published_still_live", { n: publishedRevision })}</p>
      ) : null}
      {reviewNote ? (
        <div className="review-note">
          <h3>{state === "in_review" ? t("author.your_note") : t("author.reviewer_note")}</h3>
          <p dir="auto">{reviewNote}</p>
        </div>
      ) : null}
    </section>
  );
}

/** A refusal that is about the whole request (the course is in review, nothing to submit), not one field. */
export function RefusalAlert({ messages }: { messages?: string[] }) {
  const t = useT();
  if (!messages?.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      {messages.map((m) => (
        <p key={m}>{t(m)}</p>
      ))}
    </div>
  );
}
