// Where assignments live in the app: plain functions, safe in components and in notices' links.

/** The learner's page of one assignment: brief, rubric, the form, and after handing in, the grade. */
export function submissionPath(enrolmentId: string, lessonSlug: string): string {
  return `/learn/${enrolmentId}/${lessonSlug}/submission`;
}

/** The educator's grading queue. */
export function gradingQueuePath(): string {
  return "/teach/grading";
}

/** One submission, for grading. */
export function gradingPath(submissionId: string): string {
  return `/teach/submissions/${submissionId}`;
}

/** A stored file's download (a resource route that checks who may have it). */
export function filePath(fileId: string): string {
  return `/files/${fileId}`;
}
