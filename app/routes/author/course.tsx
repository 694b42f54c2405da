import { Form, Link, redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/course";
import { CourseFieldsInputs } from "#app/components/authoring/course-fields.tsx";
import { MoveButtons, RefusalAlert, SavedNotice, StatusBanner } from "#app/components/authoring/parts.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, TextAreaField } from "#app/components/forms.tsx";
import {
  addCoAuthor,
  addModule,
  getPublicationChecklist,
  moveItem,
  submitForReview,
  updateCourseFields,
  withdrawSubmission,
} from "#app/modules/courses/authoring.server.ts";
import { LIMITS } from "#app/modules/courses/constants.ts";
import { ModuleFieldsSchema, SlugSchema } from "#app/modules/courses/schemas.ts";
import { EmailSchema } from "#app/modules/identity/schemas.ts";
import css from "#app/styles/authoring.css?url";
import { AppError, toErrorResponse } from "#app/utils/errors.ts";
import { parseForm, readForm } from "#app/utils/forms.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";
import {
  courseFormValues,
  echoValues,
  failure,
  loadAuthoredCourse,
  orErrorPage,
  parseCourseFields,
  requireAuthor,
} from "./forms.server.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "author.course_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

const SAVED = new Set(["created", "fields", "module", "moved", "coauthor", "submitted", "withdrawn", "lesson", "lesson-deleted"]);

export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireAuthor(request, "read:course:own");
  const { course, published, authors, shown, state, editable } = await loadAuthoredCourse(user.id, params.courseId);
  const checklist = await getPublicationChecklist(shown.id);
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    course: { id: course.id, slug: course.slug, title: shown.title },
    state,
    revision: shown.number,
    publishedRevision: published?.number ?? null,
    reviewNote: shown.reviewNote,
    editable,
    values: courseFormValues(shown),
    modules: shown.modules.map((m) => ({
      slug: m.slug,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map((l) => ({ slug: l.slug, title: l.title, kind: l.kind })),
    })),
    authors: authors.map((a) => ({ id: a.id, displayName: a.displayName })),
    checklist,
    saved: saved && SAVED.has(saved) ? saved : null,
  };
}

const MoveSchema = z.object({
  item: z.enum(["module", "lesson"]),
  slug: SlugSchema,
  direction: z.enum(["up", "down"]),
});
const NoteSchema = z.object({ note: z.string().trim().max(1000, "form.too_long").optional() });
const CoAuthorSchema = z.object({ email: EmailSchema });

function prefixed(errors: Record<string, string[]>, p: string) {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${p}.${k}`, v]));
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireAuthor(request, "update:course:own");
  const { course, draft } = await loadAuthoredCourse(user.id, params.courseId);
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const courseId = course.id;
  const here = `/author/${courseId}`;
  const values = echoValues(formData);
  // Edits are refused while the draft is in review or the course is archived: a clear 409 that changes nothing.
  const locked = course.archivedAt ? "author.locked_archived" : draft?.status === "in_review" ? "author.locked_in_review" : null;
  const refuseIfLocked = (form: string) => (locked ? failure(form, { form: [locked] }, values, 409) : null);

  if (intent === "fields") {
    const refused = refuseIfLocked("fields");
    if (refused) return refused;
    const parsed = parseCourseFields(formData);
    if (!parsed.ok) return failure("fields", parsed.errors, values);
    await orErrorPage(updateCourseFields({ actorId: user.id, courseId, fields: parsed.data }));
    return redirect(`${here}?saved=fields`);
  }
  if (intent === "add-module") {
    const refused = refuseIfLocked("module");
    if (refused) return refused;
    const parsed = parseForm(formData, ModuleFieldsSchema);
    if (!parsed.ok) return failure("module", prefixed(parsed.errors, "module"), values);
    try {
      await addModule({ actorId: user.id, courseId, ...parsed.data });
    } catch (error) {
      if (error instanceof AppError && error.code === "CONFLICT")
        return failure("module", { "module.slug": ["author.module_slug_taken"] }, values);
      throw toErrorResponse(error);
    }
    return redirect(`${here}?saved=module#module-${parsed.data.slug}`);
  }
  if (intent === "move") {
    const parsed = MoveSchema.safeParse({
      item: formData.get("item"),
      slug: formData.get("slug"),
      direction: formData.get("direction"),
    });
    if (!parsed.success) throw toErrorResponse(new AppError("BAD_REQUEST"));
    const refused = refuseIfLocked("move");
    if (refused) return refused;
    // A slug that is not in this course's draft is a 404 (moveItem looks it up within the draft only).
    await orErrorPage(moveItem({ actorId: user.id, courseId, ...parsed.data }));
    return redirect(`${here}?saved=moved#${parsed.data.item}-${parsed.data.slug}`);
  }
  if (intent === "add-coauthor") {
    const parsed = parseForm(formData, CoAuthorSchema);
    if (!parsed.ok) return failure("coauthor", prefixed(parsed.errors, "coauthor"), values);
    try {
      await addCoAuthor({ actorId: user.id, courseId, email: parsed.data.email });
    } catch (error) {
      // Whether the address has an account is not revealed: any address that is not an approved educator gets one message.
      if (error instanceof AppError && error.code === "BAD_REQUEST")
        return failure("coauthor", { "coauthor.email": ["author.coauthor_not_found"] }, values);
      throw toErrorResponse(error);
    }
    return redirect(`${here}?saved=coauthor#coauthors`);
  }
  if (intent === "submit") {
    const parsed = parseForm(formData, NoteSchema);
    if (!parsed.ok) return failure("submit", prefixed(parsed.errors, "submit"), values);
    if (draft?.status !== "draft") return failure("submit", { form: ["author.nothing_to_submit"] }, values, 409);
    await orErrorPage(submitForReview({ actorId: user.id, courseId, note: parsed.data.note || undefined }));
    return redirect(`${here}?saved=submitted`);
  }
  if (intent === "withdraw") {
    if (draft?.status !== "in_review") return failure("withdraw", { form: ["author.not_in_review"] }, values, 409);
    await orErrorPage(withdrawSubmission({ actorId: user.id, courseId }));
    return redirect(`${here}?saved=withdrawn`);
  }
  throw toErrorResponse(new AppError("BAD_REQUEST"));
}

export default function AuthorCourse({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { course, modules, editable } = loaderData;
  const failed = actionData && !actionData.ok ? actionData : null;
  const errors = failed?.errors;
  const valuesFor = (form: string) => (failed?.form === form ? failed.values : undefined);
  const errorsFor = (form: string) => (failed?.form === form ? errors : undefined);
  const moduleValues = valuesFor("module") ?? {};
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to="/author">{t("author.back_to_courses")}</Link>
      </p>
      <h1>
        <span className="kicker">{t("author.course_kicker")}</span> {course.title}
      </h1>
      <SavedNotice saved={loaderData.saved} />
      {/* Refusals of the whole request (locked, nothing to submit) are shown here; field errors stay by their form. */}
      <RefusalAlert errors={errors} />
      <StatusBanner
        state={loaderData.state}
        revision={loaderData.revision}
        publishedRevision={loaderData.publishedRevision}
        reviewNote={loaderData.reviewNote}
      />

      <section aria-labelledby="structure-heading" className="panel">
        <h2 id="structure-heading">{t("author.structure_heading")}</h2>
        {modules.length === 0 ? <p>{t("author.no_modules")}</p> : null}
        <ol className="structure">
          {modules.map((m, mi) => (
            <li key={m.slug} id={`module-${m.slug}`} className="module-item">
              <div className="item-row">
                <h3 className="module-title">
                  <span className="kicker">{t("author.module_n", { n: mi + 1 })}</span> {m.title}
                </h3>
                {editable ? (
                  <MoveButtons
                    item="module"
                    slug={m.slug}
                    label={t("author.module_label", { title: m.title })}
                    first={mi === 0}
                    last={mi === modules.length - 1}
                  />
                ) : null}
              </div>
              {m.summary ? <p className="hint">{m.summary}</p> : null}
              {m.lessons.length === 0 ? <p className="hint">{t("author.no_lessons")}</p> : null}
              <ol className="lesson-list">
                {m.lessons.map((l, li) => (
                  <li key={l.slug} id={`lesson-${l.slug}`} className="item-row lesson-item">
                    <span className="lesson-name">
                      <span className={`kind kind-${l.kind}`}>{t(`lesson.kind_${l.kind}`)}</span>{" "}
                      <Link to={`/author/${course.id}/lessons/${l.slug}`}>
                        {l.title}
                        <span className="visually-hidden"> ({editable ? t("author.edit") : t("author.view")})</span>
                      </Link>
                    </span>
                    {editable ? (
                      <MoveButtons
                        item="lesson"
                        slug={l.slug}
                        label={t("author.lesson_label", { title: l.title })}
                        first={li === 0}
                        last={li === m.lessons.length - 1}
                      />
                    ) : null}
                  </li>
                ))}
              </ol>
              {editable ? (
                <p>
                  <Link
                    className="button button-small"
                    to={`/author/${course.id}/lessons/new?module=${encodeURIComponent(m.slug)}`}
                  >
                    {t("author.add_lesson")}
                    <span className="visually-hidden"> {t("author.module_label", { title: m.title })}</span>
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
        {editable ? (
          <div className="subpanel">
            <h3 id="add-module-heading">{t("author.add_module")}</h3>
            {errorsFor("module")?.form ? null : <FormAlert errors={errorsFor("module")} />}
            <Form method="post" className="form" noValidate aria-labelledby="add-module-heading">
              <input type="hidden" name="intent" value="add-module" />
              <Field
                name="title"
                id="f-module-title"
                dir="auto"
                label={t("author.module_title")}
                required
                maxLength={LIMITS.title}
                defaultValue={moduleValues.title ?? ""}
                errors={errorsFor("module")?.["module.title"]}
              />
              <Field
                name="slug"
                id="f-module-slug"
                label={t("author.module_slug")}
                hint={t("author.module_slug_hint")}
                required
                maxLength={80}
                autoComplete="off"
                spellCheck={false}
                defaultValue={moduleValues.slug ?? ""}
                errors={errorsFor("module")?.["module.slug"]}
              />
              <Field
                name="summary"
                id="f-module-summary"
                dir="auto"
                label={t("author.module_summary")}
                hint={t("form.optional")}
                maxLength={LIMITS.summary}
                defaultValue={moduleValues.summary ?? ""}
                errors={errorsFor("module")?.["module.summary"]}
              />
              <div className="actions">
                <button type="submit" className="button">
                  {t("author.add_module_button")}
                </button>
              </div>
            </Form>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="review-heading" className="panel">
        <h2 id="review-heading">{t("author.review_heading")}</h2>
        <h3 id="checklist-heading">{t("author.checklist_heading")}</h3>
        <p className="hint">{t("author.checklist_hint")}</p>
        <ul className="checklist" aria-labelledby="checklist-heading">
          {loaderData.checklist.map((item) => (
            <li key={item.key} className={item.ok ? "check-ok" : "check-missing"}>
              <span className="check-mark" aria-hidden="true">
                {item.ok ? "✓" : "✗"}
              </span>{" "}
              <span className="visually-hidden">{item.ok ? t("author.check_done") : t("author.check_missing")}: </span>
              {t(`author.check_${item.key}`)}
              {!item.ok && item.detail ? (
                <span className="check-detail">
                  {" "}
                  ({t("author.check_affected")}: <code>{item.detail}</code>)
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        {loaderData.state === "draft" ? (
          <Form method="post" className="form" noValidate>
            <input type="hidden" name="intent" value="submit" />
            <TextAreaField
              name="note"
              dir="auto"
              label={t("author.submit_note")}
              hint={t("author.submit_note_hint")}
              rows={3}
              maxLength={1000}
              defaultValue={valuesFor("submit")?.note ?? ""}
              errors={errorsFor("submit")?.["submit.note"]}
            />
            <div className="actions">
              <button type="submit" className="button">
                {t("author.submit_for_review")}
              </button>
            </div>
          </Form>
        ) : null}
        {loaderData.state === "in_review" ? (
          <Form method="post">
            <input type="hidden" name="intent" value="withdraw" />
            <p>{t("author.withdraw_hint")}</p>
            <button type="submit" className="button button-secondary">
              {t("author.withdraw")}
            </button>
          </Form>
        ) : null}
      </section>

      <section aria-labelledby="details-heading" className="panel">
        <h2 id="details-heading">{t("author.details_heading")}</h2>
        {loaderData.state === "published" ? <p className="hint">{t("author.published_edit_hint")}</p> : null}
        {editable ? (
          <>
            {errorsFor("fields")?.form ? null : <FormAlert errors={errorsFor("fields")} />}
            <Form method="post" className="form" noValidate>
              <input type="hidden" name="intent" value="fields" />
              <p className="hint">
                {t("course.field_slug")}: <code>{course.slug}</code>
              </p>
              <CourseFieldsInputs values={valuesFor("fields") ?? loaderData.values} errors={errorsFor("fields")} />
              <div className="actions">
                <button type="submit" className="button">
                  {t("author.save_details")}
                </button>
              </div>
            </Form>
          </>
        ) : (
          <p>{loaderData.state === "archived" ? t("author.locked_archived") : t("author.locked_in_review")}</p>
        )}
      </section>

      <section aria-labelledby="coauthors" className="panel">
        <h2 id="coauthors">{t("author.coauthors_heading")}</h2>
        <ul>
          {loaderData.authors.map((a) => (
            <li key={a.id}>{a.displayName}</li>
          ))}
        </ul>
        {errorsFor("coauthor")?.form ? null : <FormAlert errors={errorsFor("coauthor")} />}
        <Form method="post" className="form" noValidate>
          <input type="hidden" name="intent" value="add-coauthor" />
          <Field
            name="email"
            id="f-coauthor-email"
            label={t("author.coauthor_email")}
            hint={t("author.coauthor_hint")}
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            defaultValue={valuesFor("coauthor")?.email ?? ""}
            errors={errorsFor("coauthor")?.["coauthor.email"]}
          />
          <div className="actions">
            <button type="submit" className="button">
              {t("author.add_coauthor")}
            </button>
          </div>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}

export const headers = () => ({ "Cache-Control": "no-store" });
