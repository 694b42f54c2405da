// A revision's content as one value (its course fields, its modules and their lessons in order), read in
// one place, hashed in one place, and checked in one place:
//   - the review page shows exactly this value and posts its hash; publishing re-reads it, under the
//     Course row lock, and refuses if the hash differs (the admin publishes what they read);
//   - a content file import compares the same hash, so unchanged files change nothing;
//   - the publication checklist is a function of it.
import { createHash } from "node:crypto";
import type { Db, Tx } from "#app/utils/db.server.ts";
import { LESSON_CONTENT_SELECT, lessonCanonical, lessonFromRow, type LessonContent } from "./lesson-mapping.ts";
import type { CourseFields } from "./schemas.ts";

/** The course fields of a revision, as selected from CourseRevision. */
export const COURSE_FIELDS = {
  title: true,
  summary: true,
  description: true,
  subject: true,
  level: true,
  language: true,
  outcomes: true,
  credits: true,
  creditUnit: true,
  studyHours: true,
  passMark: true,
  prerequisites: true,
  translationOf: true,
} as const;

export type RevisionFields = Omit<CourseFields, "translationOf" | "subject" | "language"> & {
  subject: string;
  language: string;
  translationOf: string | null;
};
export type RevisionLesson = LessonContent & { slug: string };
export type RevisionModule = { slug: string; title: string; summary: string; lessons: RevisionLesson[] };
export type RevisionContent = { fields: RevisionFields; modules: RevisionModule[] };

/** One revision's content (one Prisma read), or null when there is no such revision. */
export async function readRevisionContent(db: Db | Tx, revisionId: string): Promise<RevisionContent | null> {
  const r = await db.courseRevision.findUnique({
    where: { id: revisionId },
    select: {
      ...COURSE_FIELDS,
      modules: {
        orderBy: { position: "asc" },
        select: {
          slug: true,
          title: true,
          summary: true,
          lessons: {
            orderBy: { position: "asc" },
            select: { slug: true, ...LESSON_CONTENT_SELECT },
          },
        },
      },
    },
  });
  if (!r) return null;
  const { modules, ...fields } = r;
  return {
    fields,
    modules: modules.map((m) => ({
      slug: m.slug,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map(({ slug, ...row }) => ({ slug, ...lessonFromRow(row) })),
    })),
  };
}

/** JSON with object keys sorted at every level (stored JSON does not keep key order); undefined is dropped. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? "null" : stableStringify(v))).join(",")}]`;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** sha256 of the canonical content: what the fields, modules and lessons say, not how they are stored. */
export function contentHash(content: RevisionContent): string {
  const f = content.fields;
  const canonical = {
    fields: {
      title: f.title,
      summary: f.summary,
      description: f.description,
      subject: f.subject,
      level: f.level,
      language: f.language,
      outcomes: f.outcomes,
      credits: f.credits,
      creditUnit: f.creditUnit,
      studyHours: f.studyHours,
      passMark: f.passMark,
      prerequisites: f.prerequisites,
      translationOf: f.translationOf ?? null,
    },
    modules: content.modules.map((m) => ({
      slug: m.slug,
      title: m.title,
      summary: m.summary,
      lessons: m.lessons.map(({ slug, ...lesson }) => lessonCanonical(slug, lesson)),
    })),
  };
  return createHash("sha256").update(stableStringify(canonical)).digest("hex");
}

export type ChecklistItem = { key: string; ok: boolean; detail?: string };

/** The publication checklist: outcomes, credits, lessons in every module, quiz answers, transcripts, rubrics. */
export function publicationChecklist(content: RevisionContent): ChecklistItem[] {
  const f = content.fields;
  const lessons = content.modules.flatMap((m) => m.lessons);
  const slugs = (list: RevisionLesson[]) => list.map((l) => l.slug).join(", ") || undefined;
  const badQuizzes = lessons.filter((l) => l.kind === "quiz" && !l.quiz);
  const noTranscript = lessons.filter((l) => l.kind === "video" && !l.transcript?.trim());
  const badAssignments = lessons.filter((l) => l.kind === "assignment" && !l.assignment);
  const emptyModules = content.modules.filter((m) => m.lessons.length === 0).map((m) => m.slug);
  return [
    { key: "outcomes", ok: f.outcomes.length > 0 },
    { key: "credits", ok: f.credits > 0 && f.studyHours > 0 },
    { key: "lessons", ok: lessons.length > 0 && emptyModules.length === 0, detail: emptyModules.join(", ") || undefined },
    { key: "quiz_answers", ok: badQuizzes.length === 0, detail: slugs(badQuizzes) },
    { key: "video_transcripts", ok: noTranscript.length === 0, detail: slugs(noTranscript) },
    { key: "assignment_rubrics", ok: badAssignments.length === 0, detail: slugs(badAssignments) },
  ];
}
