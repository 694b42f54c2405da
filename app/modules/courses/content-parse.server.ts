// Reading courses as files (content/courses/<slug>/course.md + lessons/NN-<slug>.md; docs/content-format.md).
// Every problem is reported with its file and line, not only the first. The result is a course's content
// in the one shape of revision-content.server.ts, with its content hash, ready for importCourses.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, LineCounter, parseDocument, type Document } from "yaml";
import type { z } from "zod";
import { serverT } from "#app/utils/i18n.server.ts";
import { lessonFromFrontmatter } from "./lesson-mapping.ts";
import { contentHash, type RevisionContent, type RevisionLesson } from "./revision-content.server.ts";
import { CourseFrontmatterSchema, LessonFrontmatterSchema } from "./schemas.ts";

export type ContentError = { file: string; line: number; message: string };

/** A course read from its folder: its slug, its content, and the hash importCourses compares. */
export type ParsedCourse = RevisionContent & { slug: string; hash: string };

const t = serverT("en");

type Split = { frontmatter: string; body: string } | null;

function splitFrontmatter(source: string): Split {
  const text = source.replace(/\r\n/g, "\n");
  if (!text.startsWith("---\n")) return null;
  const end = text.indexOf("\n---", 4);
  if (end === -1) return null;
  const frontmatter = text.slice(4, end + 1);
  const after = text.slice(end + 4).replace(/^[^\n]*\n?/, "");
  return { frontmatter, body: after.trim() };
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
  const lessons: Array<RevisionLesson & { position: number; module: string }> = [];
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
    lessons.push({ slug, position, module: fm.module, ...lessonFromFrontmatter(fm, parsed.body) });
  }
  if (errors.length || !parsedCourse.ok) return { ok: false, errors };
  const { modules, slug, ...fields } = parsedCourse.data;
  for (const mod of modules) {
    if (!lessons.some((l) => l.module === mod.slug))
      errors.push({ file: courseFile, line: 2, message: `module "${mod.slug}" has no lessons.` });
  }
  if (errors.length) return { ok: false, errors };
  lessons.sort((a, b) => a.position - b.position);
  const content: RevisionContent = {
    // The Markdown under the frontmatter is the description.
    fields: { ...fields, description: parsedCourse.body, translationOf: fields.translationOf ?? null },
    modules: modules.map((mm) => ({
      slug: mm.slug,
      title: mm.title,
      summary: mm.summary,
      lessons: lessons.filter((l) => l.module === mm.slug).map(({ position: _p, module: _m, ...lesson }) => lesson),
    })),
  };
  // The hash covers what the course is (modules and their lessons in order), not how files are numbered,
  // so an exported course re-imports as unchanged.
  return { ok: true, course: { slug, ...content, hash: contentHash(content) } };
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
