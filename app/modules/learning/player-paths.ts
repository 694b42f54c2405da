// Where the lesson player lives (docs/decisions/020-lesson-player-and-progress.md). Plain functions, safe
// in components: /learn links an enrolment to its outline with playerPath(enrolmentId).

/** The course outline of an enrolment (with progress and "Start" / "Resume"). */
export function playerPath(enrolmentId: string): string {
  return `/learn/${encodeURIComponent(enrolmentId)}`;
}

/** One lesson of an enrolment; `continued` passes its content warning (the learner chose "Continue"). */
export function lessonPath(enrolmentId: string, lessonSlug: string, options: { continued?: boolean } = {}): string {
  return `${playerPath(enrolmentId)}/${encodeURIComponent(lessonSlug)}${options.continued ? "?continue=1" : ""}`;
}

/**
 * A quiz lesson's page: its rules, the attempts made and the form of the next attempt. A quiz lesson with
 * a content warning sends the learner to the lesson's warning first unless `continued` (they chose
 * "Continue" there).
 */
export function quizPath(enrolmentId: string, lessonSlug: string, options: { continued?: boolean } = {}): string {
  return `${lessonPath(enrolmentId, lessonSlug)}/quiz${options.continued ? "?continue=1" : ""}`;
}

/** The result of one attempt at a quiz (numbered from 1). */
export function quizResultPath(enrolmentId: string, lessonSlug: string, attempt: number): string {
  return `${quizPath(enrolmentId, lessonSlug)}/${attempt}`;
}
