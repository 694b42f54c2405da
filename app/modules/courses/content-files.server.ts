// Courses as files (content/courses/<slug>/course.md + lessons/NN-<slug>.md; docs/content-format.md).
// Parsing reports every error with its file and line; importing is all or nothing, in one transaction,
// and idempotent (a course whose content hash is unchanged is left alone); exporting writes files that
// re-import to the same course.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isMap, LineCounter, parseDocument, stringify, type Document } from "yaml";
import type { z } from "zod";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { serverT } from "#app/utils/i18n.server.ts";
import { CourseFrontmatterSchema, LessonFrontmatterSchema, type CourseFields, type LessonFrontmatter } from "./schemas.ts";

export type ContentError = { file: string; line: number; message: string };

export type ParsedLesson = {
  slug: string;
  position: number;
  module: string;
  kind: LessonFrontmatter["kind"];
  title: string;
  body: string;
  contentWarning: string | null;
  transcript: string | null;
  durationMinutes: number | null;
  quiz: unknown;
  assignment: unknown;
};
export type ParsedCourse = {
  slug: string;
  fields: CourseFields;
  description: string;
  modules: Array<{ slug: string; title: string; summary: string }>;
  lessons: ParsedLesson[];
  hash: string;
};

const t = serverT("en");

type Split = { frontmatter: string; body: string; bodyLine: number } | null;

function splitFrontmatter(source: string): Split {
  const text = source.replace(/\r\n/g, "\n");
  if (!text.startsWith("---\n")) return null;
  const end = text.indexOf("\n---", 4);
  if (end === -1) return null;
  const frontmatter = text.slice(4, end + 1);
  const after = text.slice(end + 4).replace(/^[^\n]*\n?/, "");
  return { frontmatter, body: after.trim(), bodyLine: frontmatter.split("\n").length + 2 };
}

/** The 1-based line of the YAML node at `pathParts` (or of its nearest existing parent). */
function lineOf(doc: Document, counter: LineCounter, pathParts: PropertyKey[]): number {
  for (let n = pathParts.length; n >= 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n) as Array<string | number>, true) as
      { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return counter.linePos(node.range[0]).line + 1; // +1: the opening ---
  }
  return 2;
}

function parseYaml<S extends z.ZodType>(
  file: string,
  source: string,
  schema: S,
): { ok: true; data: z.output<S>; body: string } | { ok: false; errors: ContentError[] } {
  const split = splitFrontmatter(source);
  if (!split)
    return { ok: false, errors: [{ file, line: 1, message: "The file must start with YAML frontmatter between --- lines." }] };
  const counter = new LineCounter();
  const doc = parseDocument(split.frontmatter, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      ok: false,
      errors: doc.errors.map((e) => ({
        file,
        line: counter.linePos(e.pos[0]).line + 1,
        message: `YAML: ${e.message.split("\n")[0]}`,
      })),
    };
  }
  if (!isMap(doc.contents))
    return { ok: false, errors: [{ file, line: 2, message: "The frontmatter must be a YAML mapping (key: value lines)." }] };
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    return {
      ok: false,
      errors: result.error.issues.map((issue) => ({
        file,
        line: lineOf(doc, counter, issue.path),
        message: `${issue.path.length ? `${issue.path.join(".")}: ` : ""}${issue.message.includes(".") && !issue.message.includes(" ") ? t(issue.message) : issue.message}`,
      })),
    };
  }
  return { ok: true, data: result.data, body: split.body };
}

function canonicalHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex");
}

/** Parses one course folder. Every problem is reported, not only the first. */
export function parseCourseDirectory(dir: string): { ok: true; course: ParsedCourse } | { ok: false; errors: ContentError[] } {
  const errors: ContentError[] = [];
  const folder = path.basename(dir);
  const courseFile = path.join(dir, "course.md");
  if (!existsSync(courseFile)) return { ok: false, errors: [{ file: courseFile, line: 1, message: "course.md is missing." }] };
  const parsedCourse = parseYaml(courseFile, readFileSync(courseFile, "utf8"), CourseFrontmatterSchema);
  if (!parsedCourse.ok) errors.push(...parsedCourse.errors);
  else if (parsedCourse.data.slug !== folder)
    errors.push({
      file: courseFile,
      line: 2,
      message: `slug "${parsedCourse.data.slug}" must equal the folder name "${folder}".`,
    });

  const moduleSlugs = new Set(parsedCourse.ok ? parsedCourse.data.modules.map((m) => m.slug) : []);
  if (parsedCourse.ok && moduleSlugs.size !== parsedCourse.data.modules.length)
    errors.push({ file: courseFile, line: 2, message: "modules: two modules have the same slug." });

  const lessonsDir = path.join(dir, "lessons");
  const lessons: ParsedLesson[] = [];
  const files = existsSync(lessonsDir)
    ? readdirSync(lessonsDir)
        .filter((f) => f.endsWith(".md"))
        .sort()
    : [];
  if (files.length === 0) errors.push({ file: lessonsDir, line: 1, message: "A course needs at least one lesson in lessons/." });
  const seenSlugs = new Map<string, string>();
  const seenNumbers = new Map<number, string>();
  for (const name of files) {
    const file = path.join(lessonsDir, name);
    const m = name.match(/^(\d{2,3})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/);
    if (!m) {
      errors.push({
        file,
        line: 1,
        message: "Lesson files are named NN-slug.md (two digits, a dash, lower-case words separated by dashes).",
      });
      continue;
    }
    const position = Number(m[1]);
    const slug = m[2]!;
    if (seenSlugs.has(slug))
      errors.push({ file, line: 1, message: `Duplicate lesson slug "${slug}" (also ${seenSlugs.get(slug)}).` });
    if (seenNumbers.has(position))
      errors.push({ file, line: 1, message: `Duplicate lesson number ${m[1]} (also ${seenNumbers.get(position)}).` });
    seenSlugs.set(slug, name);
    seenNumbers.set(position, name);
    const parsed = parseYaml(file, readFileSync(file, "utf8"), LessonFrontmatterSchema);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
      continue;
    }
    const fm = parsed.data;
    if (parsedCourse.ok && !moduleSlugs.has(fm.module))
      errors.push({ file, line: 2, message: `module "${fm.module}" is not one of the modules in course.md.` });
    lessons.push({
      slug,
      position,
      module: fm.module,
      kind: fm.kind,
      title: fm.title,
      body: parsed.body,
      contentWarning: fm.contentWarning ?? null,
      transcript: fm.kind === "video" ? fm.transcript : null,
      durationMinutes: fm.kind === "video" ? (fm.durationMinutes ?? null) : null,
      quiz: fm.kind === "quiz" ? fm.quiz : null,
      assignment: fm.kind === "assignment" ? fm.assignment : null,
    });
  }
  if (errors.length || !parsedCourse.ok) return { ok: false, errors };
  const { modules, slug, ...fields } = parsedCourse.data;
  for (const mod of modules) {
    if (!lessons.some((l) => l.module === mod.slug))
      errors.push({ file: courseFile, line: 2, message: `module "${mod.slug}" has no lessons.` });
  }
  if (errors.length) return { ok: false, errors };
  lessons.sort((a, b) => a.position - b.position);
  const course = {
    slug,
    // The Markdown under the frontmatter is the description.
    fields: { ...(fields as CourseFields), description: parsedCourse.body },
    description: parsedCourse.body,
    modules: modules.map((mm) => ({ slug: mm.slug, title: mm.title, summary: mm.summary ?? "" })),
    lessons,
  };
  // The hash covers what the course is (modules and their lessons in order), not how files are numbered,
  // so an exported course re-imports as unchanged.
  const canonical = {
    ...course,
    lessons: undefined,
    modules: course.modules.map((mm) => ({
      ...mm,
      lessons: lessons.filter((l) => l.module === mm.slug).map(({ position: _p, module: _m, ...rest }) => rest),
    })),
  };
  return { ok: true, course: { ...course, hash: canonicalHash(canonical) } };
}

/** Parses every course folder under `root` (content/courses). */
export function parseContent(root: string): { courses: ParsedCourse[]; errors: ContentError[] } {
  const coursesDir = existsSync(path.join(root, "courses")) ? path.join(root, "courses") : root;
  if (!existsSync(coursesDir)) return { courses: [], errors: [{ file: coursesDir, line: 1, message: "No such folder." }] };
  const courses: ParsedCourse[] = [];
  const errors: ContentError[] = [];
  for (const entry of readdirSync(coursesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const result = parseCourseDirectory(path.join(coursesDir, entry.name));
    if (result.ok) courses.push(result.course);
    else errors.push(...result.errors);
  }
  const slugs = new Set(courses.map((c) => c.slug));
  for (const c of courses) {
    for (const p of c.fields.prerequisites) {
      if (!slugs.has(p))
        errors.push({
          file: path.join(coursesDir, c.slug, "course.md"),
          line: 2,
          message: `prerequisite "${p}" is not a course in this folder.`,
        });
    }
  }
  return { courses, errors };
}

export type ImportSummary = { created: number; updated: number; unchanged: number };

/**
 * Imports parsed courses in one transaction: all or nothing. A new or changed course gets a new
 * published revision (the previous one is superseded); an unchanged one is left alone.
 */
export async function importCourses(
  courses: ParsedCourse[],
  options: { actorId: string | null; onProgress?: (course: ParsedCourse, outcome: keyof ImportSummary) => void },
): Promise<ImportSummary> {
  const summary: ImportSummary = { created: 0, updated: 0, unchanged: 0 };
  await prisma.$transaction(
    async (tx) => {
      for (const c of courses) {
        const existing = await tx.course.findUnique({
          where: { slug: c.slug },
          select: {
            id: true,
            publishedRevision: { select: { id: true, contentHash: true } },
            revisions: { select: { number: true }, orderBy: { number: "desc" }, take: 1 },
          },
        });
        if (existing?.publishedRevision?.contentHash === c.hash) {
          summary.unchanged += 1;
          options.onProgress?.(c, "unchanged");
          continue;
        }
        const course = existing ?? (await tx.course.create({ data: { slug: c.slug }, select: { id: true } }));
        const number = (existing?.revisions[0]?.number ?? 0) + 1;
        const revisionId = await writeRevision(tx, course.id, number, c, options.actorId);
        if (existing?.publishedRevision) {
          await tx.courseRevision.update({
            where: { id: existing.publishedRevision.id },
            data: { status: "superseded" },
            select: { id: true },
          });
        }
        await tx.course.update({
          where: { id: course.id },
          data: { publishedRevisionId: revisionId, archivedAt: null },
          select: { id: true },
        });
        await recordAudit(tx, {
          actorId: options.actorId,
          action: "course.imported",
          entityType: "course",
          entityId: course.id,
          data: { slug: c.slug, revision: number },
        });
        const outcome = existing ? "updated" : "created";
        summary[outcome] += 1;
        options.onProgress?.(c, outcome);
      }
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  return summary;
}

type TxClient = Parameters<Parameters<typeof prisma.$transaction>[0]>[0];

async function writeRevision(tx: TxClient, courseId: string, number: number, c: ParsedCourse, actorId: string | null) {
  const revision = await tx.courseRevision.create({
    data: {
      courseId,
      number,
      status: "published",
      publishedAt: new Date(),
      contentHash: c.hash,
      createdById: actorId,
      ...c.fields,
      translationOf: c.fields.translationOf ?? null,
    },
    select: { id: true },
  });
  const moduleIds = new Map(c.modules.map((m) => [m.slug, randomUUID()]));
  await tx.module.createMany({
    data: c.modules.map((m, i) => ({
      id: moduleIds.get(m.slug)!,
      revisionId: revision.id,
      position: i + 1,
      slug: m.slug,
      title: m.title,
      summary: m.summary,
    })),
  });
  const perModule = new Map<string, number>();
  await tx.lesson.createMany({
    data: c.lessons.map((l) => {
      const position = (perModule.get(l.module) ?? 0) + 1;
      perModule.set(l.module, position);
      return {
        revisionId: revision.id,
        moduleId: moduleIds.get(l.module)!,
        position,
        slug: l.slug,
        kind: l.kind,
        title: l.title,
        body: l.body,
        contentWarning: l.contentWarning,
        transcript: l.transcript,
        durationMinutes: l.durationMinutes,
        quiz: l.quiz ?? undefined,
        assignment: l.assignment ?? undefined,
      };
    }),
  });
  return revision.id;
}

/** Writes a course's published revision (or its latest) back to files under `outDir/<slug>/`. */
export async function exportCourse(slug: string, outDir: string): Promise<string> {
  const course = await prisma.course.findUnique({
    where: { slug },
    select: { publishedRevisionId: true, revisions: { orderBy: { number: "desc" }, take: 1, select: { id: true } } },
  });
  const revisionId = course?.publishedRevisionId ?? course?.revisions[0]?.id;
  if (!revisionId) throw new Error(`No course "${slug}".`);
  const r = await prisma.courseRevision.findUniqueOrThrow({
    where: { id: revisionId },
    include: { modules: { orderBy: { position: "asc" }, include: { lessons: { orderBy: { position: "asc" } } } } },
  });
  const dir = path.join(outDir, slug);
  mkdirSync(path.join(dir, "lessons"), { recursive: true });
  const front: Record<string, unknown> = {
    title: r.title,
    slug,
    summary: r.summary,
    subject: r.subject,
    level: r.level,
    language: r.language,
    outcomes: r.outcomes,
    credits: r.credits,
    creditUnit: r.creditUnit,
    studyHours: r.studyHours,
    prerequisites: r.prerequisites,
    passMark: r.passMark,
    ...(r.translationOf ? { translationOf: r.translationOf } : {}),
    modules: r.modules.map((m) => ({ slug: m.slug, title: m.title, ...(m.summary ? { summary: m.summary } : {}) })),
  };
  writeFileSync(path.join(dir, "course.md"), `---\n${stringify(front, { lineWidth: 0 })}---\n${r.description}\n`);
  let n = 0;
  for (const m of r.modules) {
    for (const l of m.lessons) {
      n += 1;
      const lf: Record<string, unknown> = { title: l.title, module: m.slug, kind: l.kind };
      if (l.contentWarning) lf.contentWarning = l.contentWarning;
      if (l.kind === "video") {
        lf.transcript = l.transcript;
        if (l.durationMinutes) lf.durationMinutes = l.durationMinutes;
      }
      if (l.kind === "quiz") lf.quiz = l.quiz;
      if (l.kind === "assignment") lf.assignment = l.assignment;
      writeFileSync(
        path.join(dir, "lessons", `${String(n).padStart(2, "0")}-${l.slug}.md`),
        `---\n${stringify(lf, { lineWidth: 0 })}---\n${l.body}\n`,
      );
    }
  }
  return dir;
}
