import { Form, Link, redirect, useLocation } from "react-router";
import type { Route } from "./+types/course";
import { CourseFieldsInputs } from "#app/components/authoring/course-fields.tsx";
import { MoveButtons, RefusalAlert, SavedNotice, StatusBanner } from "#app/components/authoring/parts.tsx";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { Field, FormAlert, formState, TextAreaField, type FormResultLike } from "#app/components/forms.tsx";
import { addCoAuthor } from "#app/modules/courses/add-co-author.server.ts";
import { addModule } from "#app/modules/courses/add-module.server.ts";
import { moveItem } from "#app/modules/courses/move-item.server.ts";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { getAuthorCourse } from "#app/modules/courses/queries.server.ts";
import {
  AddCoAuthorSchema,
  AddModuleSchema,
  CourseFieldsFormSchema,
  MoveItemSchema,
  SubmitCourseSchema,
  WithdrawSubmissionSchema,
} from "#app/modules/courses/schemas.ts";
import { submitCourse } from "#app/modules/courses/submit-course.server.ts";
import { updateCourseFields } from "#app/modules/courses/update-course-fields.server.ts";
import { withdrawSubmission } from "#app/modules/courses/withdraw-submission.server.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import css from "#app/styles/authoring.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseSubmission, readForm } from "#app/utils/forms.server.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useT } from "#app/utils/use-t.ts";

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "author.course_title");
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: css }];

const SAVED = new Set(["created", "fields", "module", "moved", "coauthor", "submitted", "withdrawn", "lesson", "lesson-deleted"]);

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const page = await getAuthorCourse(actor, courseIdParam(params.courseId));
  const saved = new URL(request.url).searchParams.get("saved");
  return {
    ...page,
    saved: saved && SAVED.has(saved) ? saved : null,
    constraints: {
      fields: getConstraints(CourseFieldsFormSchema),
      module: getConstraints(AddModuleSchema),
      coauthor: getConstraints(AddCoAuthorSchema),
      submit: getConstraints(SubmitCourseSchema),
    },
  };
});

/** Each form of the page says which it is (its hidden `intent`); each is parsed by its own schema. */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const courseId = courseIdParam(params.courseId);
  const here = `/author/${courseId}`;
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "fields":
      return submitForm(parseSubmission(formData, CourseFieldsFormSchema), async (input) => {
        await updateCourseFields(actor, { ...input, courseId });
        return redirect(`${here}?saved=fields`);
      });
    case "add-module":
      return submitForm(parseSubmission(formData, AddModuleSchema), async (input) => {
        await addModule(actor, { ...input, courseId });
        return redirect(`${here}?saved=module#module-${input.slug}`);
      });
    case "move":
      return submitForm(parseSubmission(formData, MoveItemSchema), async (input) => {
        await moveItem(actor, { ...input, courseId });
        return redirect(`${here}?saved=moved#${input.item}-${input.slug}`);
      });
    case "add-coauthor":
      return submitForm(parseSubmission(formData, AddCoAuthorSchema), async (input) => {
        await addCoAuthor(actor, { ...input, courseId });
        return redirect(`${here}?saved=coauthor#coauthors`);
      });
    case "submit":
      return submitForm(parseSubmission(formData, SubmitCourseSchema), async (input) => {
        await submitCourse(actor, { ...input, courseId });
        return redirect(`${here}?saved=submitted`);
      });
    case "withdraw":
      return submitForm(parseSubmission(formData, WithdrawSubmissionSchema), async () => {
        await withdrawSubmission(actor, { courseId });
        return redirect(`${here}?saved=withdrawn`);
      });
    default:
      throw new AppError("request.invalid");
  }
});

export default function AuthorCourse({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navKey = useLocation().key;
  const { course, modules, editable, constraints } = loaderData;
  // Several forms on one page: each gets the reply only when it was the one posted.
  const resultOf = (intent: string): FormResultLike | undefined =>
    actionData?.result?.initialValue?.intent === intent ? actionData.result : undefined;
  const fields = formState(resultOf("fields"), { defaults: loaderData.values, constraints: constraints.fields });
  const module = formState(resultOf("add-module"), { constraints: constraints.module });
  const coauthor = formState(resultOf("add-coauthor"), { constraints: constraints.coauthor });
  const submit = formState(resultOf("submit"), { constraints: constraints.submit });
  const move = formState(resultOf("move"));
  const withdraw = formState(resultOf("withdraw"));
  // Refusals of the whole request (locked, nothing to submit) are shown at the top; field errors stay by their form.
  const refusals = [fields, module, coauthor, submit, move, withdraw].flatMap((f) => f.errors.form ?? []);
  const moveInvalid = Object.keys(move.errors).some((k) => k !== "form");
  return (
    <div className="stack author">
      <p className="breadcrumb">
        <Link to="/author">{t("author.back_to_courses")}</Link>
      </p>
      <h1>
        <span className="kicker">{t("author.course_kicker")}</span> <bdi>{course.title}</bdi>
      </h1>
      <SavedNotice saved={loaderData.saved} />
      <RefusalAlert messages={moveInvalid ? [...refusals, "reason.request.invalid"] : refusals} />
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
                  <span className="kicker">{t("author.module_n", { n: mi + 1 })}</span> <bdi>{m.title}</bdi>
                </h3>
                {editable ? (
                  <MoveButtons
                    item="module"
                    slug={m.slug}
                    label={<WithUserText message={t("author.module_label")} values={{ title: m.title }} />}
                    first={mi === 0}
                    last={mi === modules.length - 1}
                  />
                ) : null}
              </div>
              {m.summary ? (
                <p className="hint" dir="auto">
                  {m.summary}
                </p>
              ) : null}
              {m.lessons.length === 0 ? <p className="hint">{t("author.no_lessons")}</p> : null}
              <ol className="lesson-list">
                {m.lessons.map((l, li) => (
                  <li key={l.slug} id={`lesson-${l.slug}`} className="item-row lesson-item">
                    <span className="lesson-name">
                      <span className={`kind kind-${l.kind}`}>{t(`lesson.kind_${l.kind}`)}</span>{" "}
                      <Link to={`/author/${course.id}/lessons/${l.slug}`}>
                        <bdi>{l.title}</bdi>
                        <span className="visually-hidden"> ({editable ? t("author.edit") : t("author.view")})</span>
                      </Link>
                    </span>
                    {editable ? (
                      <MoveButtons
                        item="lesson"
                        slug={l.slug}
                        label={<WithUserText message={t("author.lesson_label")} values={{ title: l.title }} />}
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
                    <span className="visually-hidden">
                      {" "}
                      <WithUserText message={t("author.module_label")} values={{ title: m.title }} />
                    </span>
                  </Link>
                </p>
              ) : null}
            </li>
          ))}
        </ol>
        {editable ? (
          <div className="subpanel">
            <h3 id="add-module-heading">{t("author.add_module")}</h3>
            {module.errors.form ? null : <FormAlert errors={module.errors} />}
            <Form method="post" className="form" noValidate aria-labelledby="add-module-heading" key={`module-${navKey}`}>
              <input type="hidden" name="intent" value="add-module" />
              <Field {...module.field("title")} id="f-module-title" dir="auto" label={t("author.module_title")} />
              <Field
                {...module.field("slug")}
                id="f-module-slug"
                label={t("author.module_slug")}
                hint={t("author.module_slug_hint")}
                autoComplete="off"
                spellCheck={false}
              />
              <Field
                {...module.field("summary")}
                id="f-module-summary"
                dir="auto"
                label={t("author.module_summary")}
                hint={t("form.optional")}
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
          <Form method="post" className="form" noValidate key={`submit-${navKey}`}>
            <input type="hidden" name="intent" value="submit" />
            <TextAreaField
              {...submit.field("note")}
              id="f-submit-note"
              dir="auto"
              label={t("author.submit_note")}
              hint={t("author.submit_note_hint")}
              rows={3}
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
            {fields.errors.form ? null : <FormAlert errors={fields.errors} />}
            <Form method="post" className="form" noValidate key={`fields-${navKey}`}>
              <input type="hidden" name="intent" value="fields" />
              <p className="hint">
                {t("course.field_slug")}: <code>{course.slug}</code>
              </p>
              <CourseFieldsInputs form={fields} />
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
            <li key={a.id} dir="auto">
              {a.displayName}
            </li>
          ))}
        </ul>
        {coauthor.errors.form ? null : <FormAlert errors={coauthor.errors} />}
        <Form method="post" className="form" noValidate key={`coauthor-${navKey}`}>
          <input type="hidden" name="intent" value="add-coauthor" />
          <Field
            {...coauthor.field("email")}
            id="f-coauthor-email"
            label={t("author.coauthor_email")}
            hint={t("author.coauthor_hint")}
            type="email"
            autoComplete="off"
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
