import { Form, Link, redirect, useLocation } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/course-review";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { FormAlert, TextAreaField } from "#app/components/forms.tsx";
import { archiveCourse, publicationChecklist, reviewCourse } from "#app/modules/courses/authoring.server.ts";
import { getCourseForReview } from "#app/modules/courses/catalog.server.ts";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { prisma } from "#app/utils/db.server.ts";
import { AppError, invariantResponse, toErrorResponse } from "#app/utils/errors.ts";
import { formError, parseForm, readForm } from "#app/utils/forms.server.ts";
import { directionOf, isLocale } from "#app/utils/i18n.ts";
import { pageTitle, useLocale, useT } from "#app/utils/use-t.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "review.title");

const IdSchema = z.string().regex(/^[a-z0-9]{10,40}$/i);
const reason = (required: boolean) =>
  required
    ? z.string({ error: "form.required" }).trim().min(1, "form.required").max(2000, "form.too_long")
    : z.string().trim().max(2000, "form.too_long").default("");

const ReviewSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("publish"), publishReason: reason(false) }),
  z.object({ intent: z.literal("return"), returnReason: reason(true) }),
  z.object({ intent: z.literal("archive"), archiveReason: reason(true) }),
]);

const DONE = ["published", "returned", "archived"] as const;

export async function loader({ request, params }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:course:any");
  const id = IdSchema.safeParse(params.courseId);
  invariantResponse(id.success);
  const review = await getCourseForReview(id.data);
  invariantResponse(review);
  const inReview = review.revision?.status === "in_review";
  const checklist = inReview && review.revision ? await publicationChecklist(prisma, review.revision.id) : null;
  const done = new URL(request.url).searchParams.get("done");
  return { ...review, checklist, done: DONE.find((d) => d === done) ?? null };
}

export async function action({ request, params }: Route.ActionArgs) {
  const user = await requireUserWithPermission(request, "publish:course:any");
  const id = IdSchema.safeParse(params.courseId);
  invariantResponse(id.success);
  const formData = await readForm(request);
  const parsed = parseForm(formData, ReviewSchema);
  if (!parsed.ok) {
    if (parsed.errors.intent) throw toErrorResponse(new AppError("BAD_REQUEST"));
    return formError(parsed.errors, formData);
  }
  const form = parsed.data;
  try {
    if (form.intent === "archive") {
      await archiveCourse({ actorId: user.id, courseId: id.data, reason: form.archiveReason });
      return redirect(`/admin/courses/${id.data}?done=archived`);
    }
    const outcome = await reviewCourse({
      actorId: user.id,
      courseId: id.data,
      decision: form.intent,
      reason: form.intent === "publish" ? form.publishReason : form.returnReason,
    });
    return redirect(`/admin/courses/${id.data}?done=${outcome}`);
  } catch (e) {
    if (e instanceof AppError && e.code === "CONFLICT") return formError({ form: ["review.checklist_failed"] }, formData, 409);
    // Nothing in review any more (another admin decided first): say so rather than a 404 page.
    if (e instanceof AppError && e.code === "NOT_FOUND" && form.intent !== "archive")
      return formError({ form: ["review.nothing_in_review"] }, formData, 409);
    if (e instanceof AppError) throw toErrorResponse(e);
    throw e;
  }
}

/** Course text is in the course's language, whatever the page's: mark both, so it reads and lays out right. */
function langProps(language: string) {
  return { lang: language, dir: directionOf(isLocale(language) ? language : "en") } as const;
}

type Question =
  | { type: "single"; prompt: string; points: number; options: string[]; answer: number; explanation?: string }
  | { type: "multiple"; prompt: string; points: number; options: string[]; answers: number[]; explanation?: string }
  | { type: "numeric"; prompt: string; points: number; answer: number; tolerance: number; explanation?: string }
  | { type: "text"; prompt: string; points: number; accepted: string[]; explanation?: string };

function QuizAnswers({ questions, attempts, lang }: { questions: Question[]; attempts: number; lang: string }) {
  const t = useT();
  return (
    <div className="quiz-review">
      <p className="hint">{t("review.quiz_attempts", { attempts, count: questions.length })}</p>
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
              {q.type === "numeric" ? (
                <p className="option-correct">{t("review.numeric_answer", { answer: q.answer, tolerance: q.tolerance })}</p>
              ) : null}
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

/** A refusal (checklist, or a decision made meanwhile) is said in words; field errors get the usual summary. */
function ReviewErrors({ errors }: { errors?: Record<string, string[]> }) {
  const t = useT();
  if (!errors?.form?.length) return <FormAlert errors={errors} />;
  return (
    <div className="alert alert-error" role="alert">
      {errors.form.map((key) => (
        <p key={key}>{t(key)}</p>
      ))}
    </div>
  );
}

export default function CourseReview({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const { course, revision, checklist, done } = loaderData;
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
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
      {inReview || canArchive ? null : <ReviewErrors errors={errors} />}
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
              <dd>{t(`catalog.credits_${revision.creditUnit}`, { credits: number.format(revision.credits) })}</dd>
              <dt>{t("catalog.study_hours")}</dt>
              <dd>{t("catalog.hours", { hours: number.format(revision.studyHours) })}</dd>
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
                            {l.durationMinutes ? ` · ${t("review.minutes", { minutes: l.durationMinutes })}` : null}
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
                          <QuizAnswers
                            questions={l.quiz.questions as Question[]}
                            attempts={l.quiz.attemptsAllowed}
                            lang={revision.language}
                          />
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
                                    <td {...langProps(revision.language)}>{r.criterion}</td>
                                    <td>{number.format(r.points)}</td>
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
          <ReviewErrors errors={errors} />
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
                  <input type="hidden" name="intent" value="publish" />
                  <TextAreaField
                    name="publishReason"
                    label={t("review.publish_reason")}
                    hint={t("form.optional")}
                    rows={2}
                    maxLength={2000}
                    defaultValue={values.publishReason ?? ""}
                    errors={errors?.publishReason}
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
                  <input type="hidden" name="intent" value="return" />
                  <TextAreaField
                    name="returnReason"
                    label={t("review.reason")}
                    rows={3}
                    required
                    maxLength={2000}
                    defaultValue={values.returnReason ?? ""}
                    errors={errors?.returnReason}
                  />
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
                <input type="hidden" name="intent" value="archive" />
                <TextAreaField
                  name="archiveReason"
                  label={t("review.reason")}
                  rows={3}
                  required
                  maxLength={2000}
                  defaultValue={values.archiveReason ?? ""}
                  errors={errors?.archiveReason}
                />
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
