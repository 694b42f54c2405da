// Factories for courses, shared by tests (and the benchmark seed): a published course with N lessons.
import { randomBytes } from "node:crypto";
import { importCourses, type ParsedCourse } from "#app/modules/courses/content-files.server.ts";

export function makeParsedCourse(
  options: { slug?: string; lessons?: number; modules?: number; title?: string; subject?: string } = {},
): ParsedCourse {
  const slug = options.slug ?? `course-${randomBytes(4).toString("hex")}`;
  const moduleCount = options.modules ?? 3;
  const lessonCount = options.lessons ?? 6;
  const modules = Array.from({ length: moduleCount }, (_, i) => ({
    slug: `module-${i + 1}`,
    title: `Module ${i + 1}`,
    summary: "",
  }));
  const lessons = Array.from({ length: lessonCount }, (_, i) => {
    const quiz = i % 5 === 4;
    return {
      slug: `lesson-${i + 1}`,
      position: i + 1,
      module: modules[Math.min(moduleCount - 1, Math.floor((i * moduleCount) / lessonCount))]!.slug,
      kind: quiz ? ("quiz" as const) : ("text" as const),
      title: `Lesson ${i + 1}`,
      body: `## Lesson ${i + 1}\n\nSome explanation with a worked example.`,
      contentWarning: null,
      transcript: null,
      durationMinutes: null,
      quiz: quiz
        ? { attemptsAllowed: 3, questions: [{ type: "single", prompt: "2 + 2?", points: 1, options: ["3", "4"], answer: 1 }] }
        : null,
      assignment: null,
    };
  });
  return {
    slug,
    fields: {
      title: options.title ?? `Course ${slug}`,
      summary: "A course made by a test factory.",
      description: "Description.",
      subject: (options.subject ?? "mathematics") as ParsedCourse["fields"]["subject"],
      level: "introductory",
      language: "en",
      outcomes: ["Solve problems."],
      credits: 5,
      creditUnit: "ECTS",
      studyHours: 130,
      passMark: 60,
      prerequisites: [],
    },
    description: "Description.",
    modules,
    lessons,
    hash: randomBytes(16).toString("hex"),
  };
}

export async function createPublishedCourse(options: Parameters<typeof makeParsedCourse>[0] = {}) {
  const parsed = makeParsedCourse(options);
  await importCourses([parsed], { actorId: null });
  return parsed;
}
