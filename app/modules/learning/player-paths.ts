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
