import { Form, Link, redirect, useLocation, type ShouldRevalidateFunctionArgs } from "react-router";
import type { Route } from "./+types/course-review";
import { ConfirmAction, pendingConfirmation } from "#app/components/confirm-action.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, formState, TextAreaField, type FormResultLike } from "#app/components/forms.tsx";
import { archiveCourse } from "#app/modules/courses/archive-course.server.ts";
import { courseIdParam } from "#app/modules/courses/params.server.ts";
import { publishCourse } from "#app/modules/courses/publish-course.server.ts";
import { getCourseForReview } from "#app/modules/courses/queries.server.ts";
import { returnCourse } from "#app/modules/courses/return-course.server.ts";
import { ArchiveCourseSchema, PublishCourseSchema, ReturnCourseSchema, type Question } from "#app/modules/courses/schemas.ts";
import { requireUser } from "#app/modules/identity/session.server.ts";
import { numericTolerance, partialCreditRule, partialCreditRuleKey, roundHalfUp } from "#app/modules/learning/grading.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { getConstraints } from "#app/utils/constraints.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { parseSubmission, readForm } from "#app/utils/forms.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { route, submitForm } from "#app/utils/responses.server.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";
import { numberFormat } from "#app/utils/intl-format.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "review.title");

const DONE = ["published", "returned", "archived"] as const;

export const loader = route(async ({ request, params }: Route.LoaderArgs) => {
  const actor = await requireUser(request);
  const review = await getCourseForReview(actor, courseIdParam(params.courseId));
  const done = new URL(request.url).searchParams.get("done");
  return {
    ...review,
    done: DONE.find((d) => d === done) ?? null,
    constraints: {
      publish: getConstraints(PublishCourseSchema),
      return: getConstraints(ReturnCourseSchema),
      archive: getConstraints(ArchiveCourseSchema),
    },
  };
});

/**
 * The decisions. Publishing posts the revision id and content hash the page showed: if the course
 * changed meanwhile the operation refuses (409) and the page, loaded again, shows the new version.
 * Publishing and archiving are confirmed (ADR 015): their first post gets `confirmation.required` and the
 * page asks; the question's Confirm button posts the same values (hash included) with `confirm=yes`.
 */
export const action = route(async ({ request, params }: Route.ActionArgs) => {
  const actor = await requireUser(request);
  const courseId = courseIdParam(params.courseId);
  const done = (what: (typeof DONE)[number]) => redirect(`/admin/courses/${courseId}?done=${what}`);
  const formData = await readForm(request);
  switch (formData.get("intent")) {
    case "publish":
      return submitForm(parseSubmission(formData, PublishCourseSchema), async (input) => {
        await publishCourse(actor, { ...input, courseId });
        return done("published");
      });
    case "return":
      return submitForm(parseSubmission(formData, ReturnCourseSchema), async (input) => {
        await returnCourse(actor, { ...input, courseId });
        return done("returned");
      });
    case "archive":
      return submitForm(parseSubmission(formData, ArchiveCourseSchema), async (input) => {
        await archiveCourse(actor, { ...input, courseId });
        return done("archived");
      });
    default:
      throw new AppError("request.invalid");
  }
});

// After a refused decision (another admin decided first, the course changed), show the course as it is now.
export function shouldRevalidate({ actionResult, defaultShouldRevalidate }: ShouldRevalidateFunctionArgs) {
  return actionResult ? true : defaultShouldRevalidate;
}

/** Course text is in the course's language, whatever the page's: mark both, so it reads and lays out right. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

/** The right answer of a numeric question with its tolerance, as the grading reads it (ADR 018). */
function numericAnswerText(q: Extract<Question, { type: "numeric" }>, t: ReturnType<typeof useT>) {
  const tolerance = numericTolerance(q);
  if (tolerance.kind === "exact") return t("grading.review_numeric_exact", { answer: q.answer });
  if (tolerance.kind === "relative") {
    return t("grading.review_numeric_relative", { answer: q.answer, percent: roundHalfUp(tolerance.value * 100, 4) });
  }
  return t("review.numeric_answer", { answer: q.answer, tolerance: tolerance.value });
}

function QuizAnswers({ questions, attempts, lang }: { questions: Question[]; attempts: number; lang: string }) {
  const t = useT();
  return (
    <div className="quiz-review">
      <p className="hint">
        {t("admin.quiz_questions.count", { count: questions.length })} · {t("admin.quiz_attempts.count", { count: attempts })}
      </p>
      <ol className="question-list">
        {questions.map((q, i) => {
          const correct = new Set(q.type === "single" ? [q.answer] : q.type === "multiple" ? q.answers : []);
          return (
            <li key={i} className="question">
              <p>
                <span {...langProps(lang)}>{q.prompt}</span>{" "}
                <span className="hint">{t("review.points", { points: q.points })}</span>
              </p>
              {q.type === "single" || q.type === "multiple" ? (
                <ul className="options">
                  {q.options.map((o, j) => (
                    <li key={j} className={correct.has(j) ? "option-correct" : undefined}>
                      <span {...langProps(lang)}>{o}</span>
                      {correct.has(j) ? <strong className="correct-mark"> {t("review.correct")}</strong> : null}
                    </li>
                  ))}
                </ul>
              ) : null}
              {q.type === "multiple" ? <p className="hint">{t(partialCreditRuleKey(partialCreditRule(q)))}</p> : null}
              {q.type === "numeric" ? <p className="option-correct">{numericAnswerText(q, t)}</p> : null}
              {q.type === "text" ? (
                <p className="option-correct">
                  {t("review.accepted_answers")}: <span {...langProps(lang)}>{q.accepted.join(" · ")}</span>
                </p>
              ) : null}
              {q.explanation ? (
                <p className="hint">
                  {t("review.explanation")}: <span {...langProps(lang)}>{q.explanation}</span>
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** A refusal (checklist, or a decision made meanwhile) is said in words, above the course as it is now. */
function Refusals({ messages }: { messages: string[] }) {
  const t = useT();
  if (!messages.length) return null;
  return (
    <div className="alert alert-error" role="alert">
      {messages.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
    </div>
  );
}

export default function CourseReview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = numberFormat(locale, { maximumFractionDigits: 2 });
  const { course, revision, checklist, done, constraints } = loaderData;
  const confirming = pendingConfirmation(actionData);
  // Three forms: each gets the reply only when it was the one posted (and not while it waits for its confirmation).
  const resultOf = (intent: string): FormResultLike | undefined =>
    !confirming && actionData?.result?.initialValue?.intent === intent ? actionData.result : undefined;
  const pendingIntent = confirming?.values.intent === "archive" ? "archive" : "publish";
  const publish = formState(resultOf("publish"), { constraints: constraints.publish });
  const giveBack = formState(resultOf("return"), { constraints: constraints.return });
  const archive = formState(resultOf("archive"), { constraints: constraints.archive });
  const refusals = [publish, giveBack, archive].flatMap((f) => f.errors.form ?? []);
  // A new key after each navigation: a successful post (redirect) empties the forms; a 400 keeps what was typed.
  const navKey = useLocation().key;
  const inReview = revision?.status === "in_review";
  const checklistFails = checklist?.some((c) => !c.ok) ?? false;
  const canArchive = course.published;
  const day = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : "—");
  return (
    <div className="stack course-review">
      <p className="breadcrumb">
        <Link to="/admin/courses">{t("review.back")}</Link>
      </p>
      {revision ? (
        <h1 {...langProps(revision.language)}>{revision.title}</h1>
      ) : (
        <h1>
          <code>{course.slug}</code>
        </h1>
      )}
      {done ? (
        <p className="alert alert-info" role="status">
          {t(`review.done_${done}`)}
        </p>
      ) : null}
      {confirming ? (
        <ConfirmAction
          pending={confirming}
          heading={t(`admin.confirm_${pendingIntent}_heading`)}
          confirmLabel={t(`admin.confirm_${pendingIntent}`)}
          cancelTo={`/admin/courses/${course.id}`}
          danger={pendingIntent === "archive"}
        >
          <p>
            {t(`admin.confirm_${pendingIntent}_body`)} <strong dir="auto">{String(confirming.params.title ?? "")}</strong>
          </p>
          <p className="hint">{t(`admin.confirm_${pendingIntent}_effect`)}</p>
          {pendingIntent === "archive" && confirming.values.archiveReason ? (
            <p>
              {t("admin.confirm_reason")}: <span dir="auto">{String(confirming.values.archiveReason)}</span>
            </p>
          ) : null}
        </ConfirmAction>
      ) : null}
      <Refusals messages={refusals} />
      <dl className="details">
        <dt>{t("review.address")}</dt>
        <dd>
          {course.published ? (
            <Link to={`/courses/${course.slug}`}>/courses/{course.slug}</Link>
          ) : (
            <code>/courses/{course.slug}</code>
          )}
        </dd>
        <dt>{t("admin.state")}</dt>
        <dd>
          {course.archived
            ? t("review.state_archived")
            : course.published
              ? t("review.state_published")
              : t("review.state_unpublished")}
        </dd>
        {revision ? (
          <>
            <dt>{t("review.showing")}</dt>
            <dd>
              {t("review.revision_status", { number: revision.number, status: t(`review.revision_${revision.status}`) })}
              {revision.submittedAt && inReview ? ` · ${t("review.submitted_on", { date: day(revision.submittedAt) })}` : null}
            </dd>
          </>
        ) : null}
        <dt>{t("review.authors")}</dt>
        <dd>{course.authors.length ? course.authors.join(", ") : "—"}</dd>
        {revision?.reviewNote ? (
          <>
            <dt>{inReview ? t("review.author_note") : t("review.last_note")}</dt>
            <dd className="statement">{revision.reviewNote}</dd>
          </>
        ) : null}
      </dl>
      {!inReview ? <p className="alert alert-info">{t("review.not_in_review")}</p> : null}
      {inReview || canArchive ? (
        <p>
          <a href="#decision-heading">{t("review.jump_to_decision")}</a>
        </p>
      ) : null}

      {checklist ? (
        <section className="panel" aria-labelledby="checklist-heading">
          <h2 id="checklist-heading">{t("review.checklist_heading")}</h2>
          <ul className="checklist">
            {checklist.map((c) => (
              <li key={c.key} className={c.ok ? "check-pass" : "check-fail"}>
                <span className="check-mark" aria-hidden="true">
                  {c.ok ? "✓" : "✗"}
                </span>{" "}
                <strong>{c.ok ? t("review.pass") : t("review.fail")}:</strong> {t(`review.check_${c.key}`)}
                {c.detail ? <span className="hint"> ({t("review.check_detail", { items: c.detail })})</span> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {revision ? (
        <>
          <section className="panel" aria-labelledby="fields-heading">
            <h2 id="fields-heading">{t("review.fields_heading")}</h2>
            <dl className="details">
              <dt>{t("review.summary")}</dt>
              <dd {...langProps(revision.language)}>{revision.summary}</dd>
              <dt>{t("catalog.subject")}</dt>
              <dd>{t(`subject.${revision.subject}`)}</dd>
              <dt>{t("catalog.level")}</dt>
              <dd>{t(`catalog.level_${revision.level}`)}</dd>
              <dt>{t("catalog.language")}</dt>
              <dd>{t(`language.${revision.language}`)}</dd>
              <dt>{t("catalog.credits")}</dt>
              <dd>
                {t(`catalog.credits_${revision.creditUnit}`, {
                  count: revision.credits,
                  credits: number.format(revision.credits),
                })}
              </dd>
              <dt>{t("catalog.study_hours")}</dt>
              <dd>{t("catalog.hours", { count: revision.studyHours, hours: number.format(revision.studyHours) })}</dd>
              <dt>{t("catalog.pass_mark")}</dt>
              <dd>{t("catalog.pass_mark_value", { mark: revision.passMark })}</dd>
              <dt>{t("catalog.prerequisites")}</dt>
              <dd>{revision.prerequisites.length ? revision.prerequisites.join(", ") : t("catalog.no_prerequisites")}</dd>
              {revision.translationOf ? (
                <>
                  <dt>{t("review.translation_of")}</dt>
                  <dd>{revision.translationOf}</dd>
                </>
              ) : null}
            </dl>
            <h3>{t("catalog.outcomes")}</h3>
            <ul {...langProps(revision.language)}>
              {revision.outcomes.map((o, i) => (
                <li key={i}>{o}</li>
              ))}
            </ul>
            {revision.descriptionHtml ? (
              <>
                <h3>{t("review.description")}</h3>
                <div
                  className="prose prose-boxed"
                  {...langProps(revision.language)}
                  dangerouslySetInnerHTML={{ __html: revision.descriptionHtml }}
                />
              </>
            ) : null}
          </section>

          <section aria-labelledby="content-heading" className="stack">
            <h2 id="content-heading">{t("review.content_heading")}</h2>
            {revision.modules.map((m, mi) => (
              <section key={m.slug} className="panel module-review" aria-labelledby={`module-${m.slug}`}>
                <h3 id={`module-${m.slug}`}>
                  {t("review.module_n", { n: mi + 1 })}: <span {...langProps(revision.language)}>{m.title}</span>
                </h3>
                {m.summary ? <p {...langProps(revision.language)}>{m.summary}</p> : null}
                {m.lessons.length === 0 ? <p className="check-fail">{t("review.module_empty")}</p> : null}
                {m.lessons.map((l) => (
                  <details key={l.slug} className="lesson-review" open>
                    <summary>
                      <span {...langProps(revision.language)}>{l.title}</span>{" "}
                      <span className={`kind kind-${l.kind}`}>{t(`catalog.kind_${l.kind}`)}</span>
                    </summary>
                    <div className="stack lesson-review-body">
                      {l.contentWarning ? (
                        <p className="alert alert-info">
                          {t("review.content_warning")}: <span {...langProps(revision.language)}>{l.contentWarning}</span>
                        </p>
                      ) : null}
                      {l.bodyHtml ? (
                        <div
                          className="prose"
                          {...langProps(revision.language)}
                          dangerouslySetInnerHTML={{ __html: l.bodyHtml }}
                        />
                      ) : (
                        <p className="hint">{t("review.no_body")}</p>
                      )}
                      {l.kind === "video" ? (
                        <div>
                          <p>
                            <strong>{t("review.transcript")}</strong>
                            {l.durationMinutes ? ` · ${t("admin.review_minutes.count", { count: l.durationMinutes })}` : null}
                          </p>
                          {l.transcript ? (
                            <p className="statement transcript" {...langProps(revision.language)}>
                              {l.transcript}
                            </p>
                          ) : (
                            <p className="check-fail">{t("review.no_transcript")}</p>
                          )}
                        </div>
                      ) : null}
                      {l.kind === "quiz" ? (
                        l.quiz ? (
                          <QuizAnswers questions={l.quiz.questions} attempts={l.quiz.attemptsAllowed} lang={revision.language} />
                        ) : (
                          <p className="check-fail">{t("review.quiz_invalid")}</p>
                        )
                      ) : null}
                      {l.kind === "assignment" ? (
                        l.assignment ? (
                          <div>
                            <table className="rubric">
                              <caption>{t("review.rubric")}</caption>
                              <thead>
                                <tr>
                                  <th scope="col">{t("review.criterion")}</th>
                                  <th scope="col">{t("review.points_heading")}</th>
                                </tr>
                              </thead>
                              <tbody>
                                {l.assignment.rubric.map((r, i) => (
                                  <tr key={i}>
                                    <td data-label={t("review.criterion")} {...langProps(revision.language)}>
                                      {r.criterion}
                                    </td>
                                    <td data-label={t("review.points_heading")}>{number.format(r.points)}</td>
                                  </tr>
                                ))}
                              </tbody>
                            </table>
                            <p className="hint">
                              {t("review.file_rules", {
                                types: l.assignment.fileTypes.join(", "),
                                size: number.format(l.assignment.maxSizeMb),
                              })}
                            </p>
                          </div>
                        ) : (
                          <p className="check-fail">{t("review.assignment_invalid")}</p>
                        )
                      ) : null}
                    </div>
                  </details>
                ))}
              </section>
            ))}
          </section>
        </>
      ) : (
        <p>{t("review.no_revision")}</p>
      )}

      {inReview || canArchive ? (
        <section aria-labelledby="decision-heading" className="stack">
          <h2 id="decision-heading">{t("review.decision_heading")}</h2>
          <div className="decision-grid">
            {inReview ? (
              <>
                <Form
                  key={`publish-${navKey}`}
                  method="post"
                  className="panel form decision"
                  noValidate
                  aria-labelledby="publish-heading"
                >
                  <h3 id="publish-heading">{t("review.publish_heading")}</h3>
                  <p className="hint">{checklistFails ? t("review.publish_blocked") : t("review.publish_hint")}</p>
                  {publish.errors.form ? null : <FormAlert errors={publish.errors} />}
                  <input type="hidden" name="intent" value="publish" />
                  {/* What the admin read: publishing is refused if the revision in review is another or changed. */}
                  <input type="hidden" name="revisionId" value={revision?.id ?? ""} />
                  <input type="hidden" name="contentHash" value={revision?.contentHash ?? ""} />
                  <TextAreaField
                    {...publish.field("publishReason")}
                    label={t("review.publish_reason")}
                    hint={t("form.optional")}
                    rows={2}
                  />
                  <button type="submit" className="button">
                    {t("review.publish")}
                  </button>
                </Form>
                <Form
                  key={`return-${navKey}`}
                  method="post"
                  className="panel form decision"
                  noValidate
                  aria-labelledby="return-heading"
                >
                  <h3 id="return-heading">{t("review.return_heading")}</h3>
                  <p className="hint">{t("review.return_hint")}</p>
                  {giveBack.errors.form ? null : <FormAlert errors={giveBack.errors} />}
                  <input type="hidden" name="intent" value="return" />
                  <input type="hidden" name="revisionId" value={revision?.id ?? ""} />
                  <TextAreaField {...giveBack.field("returnReason")} label={t("review.reason")} rows={3} />
                  <button type="submit" className="button button-secondary">
                    {t("review.return")}
                  </button>
                </Form>
              </>
            ) : null}
            {canArchive ? (
              <Form
                key={`archive-${navKey}`}
                method="post"
                className="panel form decision"
                noValidate
                aria-labelledby="archive-heading"
              >
                <h3 id="archive-heading">{t("review.archive_heading")}</h3>
                <p className="hint">{t("review.archive_hint")}</p>
                {archive.errors.form ? null : <FormAlert errors={archive.errors} />}
                <input type="hidden" name="intent" value="archive" />
                <TextAreaField {...archive.field("archiveReason")} label={t("review.reason")} rows={3} />
                <button type="submit" className="button button-danger">
                  {t("review.archive")}
                </button>
              </Form>
            ) : null}
          </div>
        </section>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
