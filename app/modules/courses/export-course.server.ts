import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import type { Actor } from "#app/modules/identity/permissions.ts";
import { requirePermission } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { lessonFrontmatter } from "./lesson-mapping.ts";
import { readRevisionContent } from "./revision-content.server.ts";

/**
 * Writes a course's published revision (or its latest) to files under `outDir/<slug>/` that re-import to
 * the same course (the same content hash). `actor` is an admin, or null for the content command.
 */
export async function exportCourse(actor: Actor | null, slug: string, outDir: string): Promise<string> {
  if (actor) requirePermission(actor, "read:course:any");
  const course = await prisma.course.findUnique({
    where: { slug },
    select: { publishedRevisionId: true, revisions: { orderBy: { number: "desc" }, take: 1, select: { id: true } } },
  });
  const revisionId = course?.publishedRevisionId ?? course?.revisions[0]?.id;
  const content = revisionId ? await readRevisionContent(prisma, revisionId) : null;
  if (!content) throw new AppError("not_found", { params: { slug } });
  const f = content.fields;
  const dir = path.join(outDir, slug);
  mkdirSync(path.join(dir, "lessons"), { recursive: true });
  const front: Record<string, unknown> = {
    title: f.title,
    slug,
    summary: f.summary,
    subject: f.subject,
    level: f.level,
    language: f.language,
    outcomes: f.outcomes,
    credits: f.credits,
    creditUnit: f.creditUnit,
    studyHours: f.studyHours,
    prerequisites: f.prerequisites,
    passMark: f.passMark,
    ...(f.translationOf ? { translationOf: f.translationOf } : {}),
    modules: content.modules.map((m) => ({ slug: m.slug, title: m.title, ...(m.summary ? { summary: m.summary } : {}) })),
  };
  writeFileSync(path.join(dir, "course.md"), `---\n${stringify(front, { lineWidth: 0 })}---\n${f.description}\n`);
  let n = 0;
  for (const m of content.modules) {
    for (const { slug: lessonSlug, ...lesson } of m.lessons) {
      n += 1;
      writeFileSync(
        path.join(dir, "lessons", `${String(n).padStart(2, "0")}-${lessonSlug}.md`),
        `---\n${stringify(lessonFrontmatter(lesson, m.slug), { lineWidth: 0 })}---\n${lesson.body}\n`,
      );
    }
  }
  return dir;
}
