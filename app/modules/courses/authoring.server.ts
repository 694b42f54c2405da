// Course authoring and the review workflow: draft → in review → published → archived. Approved
// educators author courses they co-author; only admins publish. Editing a published course works on a
// new draft revision (a deep copy); learners keep the published one until the draft is published.
// Every transition writes its audit row in the same transaction (STYLE.md habit 4).
import { randomUUID } from "node:crypto";
import type { Prisma } from "#app/generated/prisma/client.ts";
import { recordAudit } from "#app/modules/audit/audit.server.ts";
import { prisma, type Tx } from "#app/utils/db.server.ts";
import { AppError } from "#app/utils/errors.ts";
import { AssignmentSchema, QuizSchema, type CourseFields } from "./schemas.ts";

export type Author = { id: string; roles: readonly string[] };

/** An educator may author only once approved and not suspended. */
export async function isApprovedEducator(userId: string): Promise<boolean> {
  const app = await prisma.educatorApplication.findUnique({ where: { userId }, select: { status: true, suspendedAt: true } });
  return app?.status === "approved" && !app.suspendedAt;
}

export async function requireApprovedEducator(userId: string) {
  if (!(await isApprovedEducator(userId))) throw new AppError("FORBIDDEN", "not an approved educator");
}

/** The course if `userId` co-authors it; 404 otherwise (a course one does not author is not revealed). */
export async function requireAuthoredCourse(tx: Tx | typeof prisma, courseId: string, userId: string) {
  const course = await tx.course.findFirst({
    where: { id: courseId, authors: { some: { userId } } },
    select: { id: true, slug: true, publishedRevisionId: true, archivedAt: true },
  });
  if (!course) throw new AppError("NOT_FOUND");
  return course;
}

const revisionForEdit = {
  id: true,
  number: true,
  status: true,
  courseId: true,
} as const;

/** The draft to edit: the open draft, or a new one copied from the published revision. */
async function editableRevision(tx: Tx, courseId: string, actorId: string) {
  const open = await tx.courseRevision.findFirst({
    where: { courseId, status: { in: ["draft", "in_review"] } },
    orderBy: { number: "desc" },
    select: revisionForEdit,
  });
  if (open) {
    if (open.status === "in_review") throw new AppError("CONFLICT", "in review: withdraw it to edit");
    return open;
  }
  const course = await tx.course.findUniqueOrThrow({ where: { id: courseId }, select: { publishedRevisionId: true } });
  if (!course.publishedRevisionId) throw new AppError("NOT_FOUND");
  return copyRevision(tx, course.publishedRevisionId, actorId);
}

async function copyRevision(tx: Tx, fromId: string, actorId: string) {
  const from = await tx.courseRevision.findUniqueOrThrow({
    where: { id: fromId },
    include: { modules: { orderBy: { position: "asc" }, include: { lessons: { orderBy: { position: "asc" } } } } },
  });
  const last = await tx.courseRevision.findFirstOrThrow({
    where: { courseId: from.courseId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  const {
    id: _id,
    modules,
    createdAt: _c,
    updatedAt: _u,
    number: _n,
    status: _s,
    publishedAt: _p,
    submittedAt: _sub,
    reviewNote: _r,
    contentHash: _h,
    createdById: _by,
    ...fields
  } = from;
  const revision = await tx.courseRevision.create({
    data: { ...fields, number: last.number + 1, status: "draft", createdById: actorId },
    select: revisionForEdit,
  });
  for (const m of modules) {
    const moduleId = randomUUID();
    await tx.module.create({
      data: { id: moduleId, revisionId: revision.id, position: m.position, slug: m.slug, title: m.title, summary: m.summary },
    });
    if (m.lessons.length) {
      await tx.lesson.createMany({
        data: m.lessons.map((l) => ({
          revisionId: revision.id,
          moduleId,
          position: l.position,
          slug: l.slug,
          kind: l.kind,
          title: l.title,
          body: l.body,
          contentWarning: l.contentWarning,
          transcript: l.transcript,
          durationMinutes: l.durationMinutes,
          quiz: (l.quiz ?? undefined) as Prisma.InputJsonValue | undefined,
          assignment: (l.assignment ?? undefined) as Prisma.InputJsonValue | undefined,
        })),
      });
    }
  }
  return revision;
}

/** An approved educator creates a course (a first draft revision) and becomes its first author. */
export async function createCourse(options: { actorId: string; slug: string; fields: CourseFields }) {
  await requireApprovedEducator(options.actorId);
  try {
    return await prisma.$transaction(async (tx) => {
      const course = await tx.course.create({
        data: { slug: options.slug, authors: { create: { userId: options.actorId } } },
        select: { id: true },
      });
      await tx.courseRevision.create({
        data: {
          courseId: course.id,
          number: 1,
          status: "draft",
          createdById: options.actorId,
          ...options.fields,
          translationOf: options.fields.translationOf ?? null,
        },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "course.created",
        entityType: "course",
        entityId: course.id,
        data: { slug: options.slug },
      });
      return course;
    });
  } catch (error) {
    if (typeof error === "object" && error && "code" in error && error.code === "P2002")
      throw new AppError("CONFLICT", "slug taken");
    throw error;
  }
}

/** Runs `change` on the course's editable draft, after the author and state guards, with its audit row. */
async function editDraft<T>(
  options: { actorId: string; courseId: string },
  change: (tx: Tx, revision: { id: string; number: number }) => Promise<T>,
  audit: { what: string; data?: Record<string, string | number | boolean | null> },
): Promise<T> {
  await requireApprovedEducator(options.actorId);
  const result = await prisma.$transaction(async (tx) => {
    const course = await requireAuthoredCourse(tx, options.courseId, options.actorId);
    if (course.archivedAt) throw new AppError("CONFLICT", "archived");
    const revision = await editableRevision(tx, course.id, options.actorId);
    const out = await change(tx, revision);
    await tx.courseRevision.update({ where: { id: revision.id }, data: { updatedAt: new Date() }, select: { id: true } });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.edited",
      entityType: "course",
      entityId: course.id,
      data: { what: audit.what, revision: revision.number, ...(audit.data ?? {}) },
    });
    return out;
  });
  return result;
}

export function updateCourseFields(options: { actorId: string; courseId: string; fields: CourseFields }) {
  return editDraft(
    options,
    async (tx, r) => {
      await tx.courseRevision.update({
        where: { id: r.id },
        data: { ...options.fields, translationOf: options.fields.translationOf ?? null },
        select: { id: true },
      });
    },
    { what: "fields" },
  );
}

export function addModule(options: { actorId: string; courseId: string; slug: string; title: string; summary: string }) {
  return editDraft(
    options,
    async (tx, r) => {
      const taken = await tx.module.findFirst({ where: { revisionId: r.id, slug: options.slug }, select: { id: true } });
      if (taken) throw new AppError("CONFLICT", "module slug taken");
      const last = await tx.module.findFirst({
        where: { revisionId: r.id },
        orderBy: { position: "desc" },
        select: { position: true },
      });
      return tx.module.create({
        data: {
          revisionId: r.id,
          position: (last?.position ?? 0) + 1,
          slug: options.slug,
          title: options.title,
          summary: options.summary,
        },
        select: { id: true },
      });
    },
    { what: "module.added" },
  );
}

/**
 * Resolves a module or lesson of the draft by its slug. Ids change when a draft is copied from the
 * published revision, so authoring URLs and forms refer to modules and lessons by slug.
 */
async function moduleBySlug(tx: Tx, revisionId: string, slug: string) {
  const m = await tx.module.findFirst({ where: { revisionId, slug }, select: { id: true, position: true } });
  if (!m) throw new AppError("NOT_FOUND");
  return m;
}
async function lessonBySlug(tx: Tx, revisionId: string, slug: string) {
  const l = await tx.lesson.findFirst({
    where: { revisionId, slug },
    select: { id: true, position: true, moduleId: true, kind: true },
  });
  if (!l) throw new AppError("NOT_FOUND");
  return l;
}

/** Moves a module or lesson one place up or down within its list (works without JavaScript). */
export function moveItem(options: {
  actorId: string;
  courseId: string;
  item: "module" | "lesson";
  slug: string;
  direction: "up" | "down";
}) {
  return editDraft(
    options,
    async (tx, r) => {
      if (options.item === "module") {
        const m = await moduleBySlug(tx, r.id, options.slug);
        const neighbour = await tx.module.findFirst({
          where: { revisionId: r.id, position: options.direction === "up" ? { lt: m.position } : { gt: m.position } },
          orderBy: { position: options.direction === "up" ? "desc" : "asc" },
          select: { id: true, position: true },
        });
        if (!neighbour) return;
        await swapPositions(tx, "module", m, neighbour);
      } else {
        const l = await lessonBySlug(tx, r.id, options.slug);
        const neighbour = await tx.lesson.findFirst({
          where: { moduleId: l.moduleId, position: options.direction === "up" ? { lt: l.position } : { gt: l.position } },
          orderBy: { position: options.direction === "up" ? "desc" : "asc" },
          select: { id: true, position: true },
        });
        if (!neighbour) return;
        await swapPositions(tx, "lesson", l, neighbour);
      }
    },
    { what: `${options.item}.moved`, data: { direction: options.direction } },
  );
}

async function swapPositions(
  tx: Tx,
  table: "module" | "lesson",
  a: { id: string; position: number },
  b: { id: string; position: number },
) {
  // Positions are not unique-constrained, so a plain swap is safe inside the transaction.
  if (table === "module") {
    await tx.module.update({ where: { id: a.id }, data: { position: b.position }, select: { id: true } });
    await tx.module.update({ where: { id: b.id }, data: { position: a.position }, select: { id: true } });
  } else {
    await tx.lesson.update({ where: { id: a.id }, data: { position: b.position }, select: { id: true } });
    await tx.lesson.update({ where: { id: b.id }, data: { position: a.position }, select: { id: true } });
  }
}

export type LessonInput = {
  title: string;
  kind: "text" | "video" | "quiz" | "assignment";
  body: string;
  contentWarning?: string | null;
  transcript?: string | null;
  durationMinutes?: number | null;
  quiz?: unknown;
  assignment?: unknown;
};

function lessonData(input: LessonInput) {
  return {
    title: input.title,
    kind: input.kind,
    body: input.body,
    contentWarning: input.contentWarning || null,
    transcript: input.kind === "video" ? input.transcript || null : null,
    durationMinutes: input.kind === "video" ? (input.durationMinutes ?? null) : null,
    quiz: input.kind === "quiz" ? (QuizSchema.parse(input.quiz) as Prisma.InputJsonValue) : undefined,
    assignment: input.kind === "assignment" ? (AssignmentSchema.parse(input.assignment) as Prisma.InputJsonValue) : undefined,
  };
}

export function addLesson(options: { actorId: string; courseId: string; moduleSlug: string; slug: string; lesson: LessonInput }) {
  return editDraft(
    options,
    async (tx, r) => {
      const m = await moduleBySlug(tx, r.id, options.moduleSlug);
      const taken = await tx.lesson.findFirst({ where: { revisionId: r.id, slug: options.slug }, select: { id: true } });
      if (taken) throw new AppError("CONFLICT", "lesson slug taken");
      const last = await tx.lesson.findFirst({
        where: { moduleId: m.id },
        orderBy: { position: "desc" },
        select: { position: true },
      });
      return tx.lesson.create({
        data: {
          revisionId: r.id,
          moduleId: m.id,
          position: (last?.position ?? 0) + 1,
          slug: options.slug,
          ...lessonData(options.lesson),
        },
        select: { id: true, slug: true },
      });
    },
    { what: "lesson.added" },
  );
}

export function updateLesson(options: { actorId: string; courseId: string; lessonSlug: string; lesson: LessonInput }) {
  return editDraft(
    options,
    async (tx, r) => {
      const l = await lessonBySlug(tx, r.id, options.lessonSlug);
      const data = lessonData(options.lesson);
      await tx.lesson.update({
        where: { id: l.id },
        data: {
          ...data,
          quiz: data.quiz ?? (null as unknown as Prisma.InputJsonValue),
          assignment: data.assignment ?? (null as unknown as Prisma.InputJsonValue),
        },
        select: { id: true },
      });
    },
    { what: "lesson.updated" },
  );
}

export function deleteLesson(options: { actorId: string; courseId: string; lessonSlug: string }) {
  return editDraft(
    options,
    async (tx, r) => {
      const l = await lessonBySlug(tx, r.id, options.lessonSlug);
      await tx.lesson.delete({ where: { id: l.id } });
    },
    { what: "lesson.deleted" },
  );
}

/** Adds an approved educator (found by exact email) as a co-author. */
export async function addCoAuthor(options: { actorId: string; courseId: string; email: string }) {
  await requireApprovedEducator(options.actorId);
  await prisma.$transaction(async (tx) => {
    const course = await requireAuthoredCourse(tx, options.courseId, options.actorId);
    const user = await tx.user.findUnique({
      where: { email: options.email },
      select: { id: true, educatorApplication: { select: { status: true, suspendedAt: true } } },
    });
    if (!user || user.educatorApplication?.status !== "approved" || user.educatorApplication.suspendedAt)
      throw new AppError("BAD_REQUEST", "not an approved educator");
    await tx.courseAuthor.upsert({
      where: { courseId_userId: { courseId: course.id, userId: user.id } },
      update: {},
      create: { courseId: course.id, userId: user.id },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.coauthor_added",
      entityType: "course",
      entityId: course.id,
      data: { userId: user.id },
    });
  });
}

export type ChecklistItem = { key: string; ok: boolean; detail?: string };

/** The publication checklist: outcomes, credits, every quiz has answers, every video has a transcript. */
export async function publicationChecklist(db: Tx | typeof prisma, revisionId: string): Promise<ChecklistItem[]> {
  const r = await db.courseRevision.findUniqueOrThrow({
    where: { id: revisionId },
    select: {
      outcomes: true,
      credits: true,
      studyHours: true,
      creditUnit: true,
      modules: { select: { slug: true, _count: { select: { lessons: true } } } },
      lessons: { select: { slug: true, kind: true, quiz: true, transcript: true, assignment: true } },
    },
  });
  const badQuizzes = r.lessons.filter((l) => l.kind === "quiz" && !QuizSchema.safeParse(l.quiz).success).map((l) => l.slug);
  const noTranscript = r.lessons.filter((l) => l.kind === "video" && !l.transcript?.trim()).map((l) => l.slug);
  const badAssignments = r.lessons
    .filter((l) => l.kind === "assignment" && !AssignmentSchema.safeParse(l.assignment).success)
    .map((l) => l.slug);
  const emptyModules = r.modules.filter((m) => m._count.lessons === 0).map((m) => m.slug);
  return [
    { key: "outcomes", ok: r.outcomes.length > 0 },
    { key: "credits", ok: r.credits > 0 && r.studyHours > 0 },
    { key: "lessons", ok: r.lessons.length > 0 && emptyModules.length === 0, detail: emptyModules.join(", ") || undefined },
    { key: "quiz_answers", ok: badQuizzes.length === 0, detail: badQuizzes.join(", ") || undefined },
    { key: "video_transcripts", ok: noTranscript.length === 0, detail: noTranscript.join(", ") || undefined },
    { key: "assignment_rubrics", ok: badAssignments.length === 0, detail: badAssignments.join(", ") || undefined },
  ];
}

/** An author submits the draft for review. */
export async function submitForReview(options: { actorId: string; courseId: string; note?: string }) {
  await requireApprovedEducator(options.actorId);
  await prisma.$transaction(async (tx) => {
    const course = await requireAuthoredCourse(tx, options.courseId, options.actorId);
    const draft = await tx.courseRevision.findFirst({
      where: { courseId: course.id, status: "draft" },
      select: { id: true, number: true },
    });
    if (!draft) throw new AppError("CONFLICT", "no draft");
    await tx.courseRevision.update({
      where: { id: draft.id },
      data: { status: "in_review", submittedAt: new Date(), reviewNote: options.note ?? null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.submitted",
      entityType: "course",
      entityId: course.id,
      data: { revision: draft.number, why: options.note ?? null },
    });
  });
}

/** An author withdraws a submission to keep editing. */
export async function withdrawSubmission(options: { actorId: string; courseId: string }) {
  await prisma.$transaction(async (tx) => {
    const course = await requireAuthoredCourse(tx, options.courseId, options.actorId);
    const rev = await tx.courseRevision.findFirst({
      where: { courseId: course.id, status: "in_review" },
      select: { id: true, number: true },
    });
    if (!rev) throw new AppError("CONFLICT", "not in review");
    // The author's note belonged to that submission; a draft's reviewNote then only ever holds a reviewer's note.
    await tx.courseRevision.update({ where: { id: rev.id }, data: { status: "draft", reviewNote: null }, select: { id: true } });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.withdrawn",
      entityType: "course",
      entityId: course.id,
      data: { revision: rev.number },
    });
  });
}

/** Admin decision on a revision in review: publish (checklist must pass) or return it to draft with a reason. */
export async function reviewCourse(options: {
  actorId: string;
  courseId: string;
  decision: "publish" | "return";
  reason: string;
}) {
  const outcome = await prisma.$transaction(async (tx) => {
    const rev = await tx.courseRevision.findFirst({
      where: { courseId: options.courseId, status: "in_review" },
      select: { id: true, number: true },
    });
    if (!rev) throw new AppError("NOT_FOUND");
    if (options.decision === "return") {
      await tx.courseRevision.update({
        where: { id: rev.id },
        data: { status: "draft", reviewNote: options.reason },
        select: { id: true },
      });
      await recordAudit(tx, {
        actorId: options.actorId,
        action: "course.returned",
        entityType: "course",
        entityId: options.courseId,
        data: { revision: rev.number, why: options.reason },
      });
      return "returned" as const;
    }
    const checklist = await publicationChecklist(tx, rev.id);
    if (checklist.some((c) => !c.ok)) throw new AppError("CONFLICT", "checklist");
    const course = await tx.course.findUniqueOrThrow({ where: { id: options.courseId }, select: { publishedRevisionId: true } });
    if (course.publishedRevisionId) {
      await tx.courseRevision.update({
        where: { id: course.publishedRevisionId },
        data: { status: "superseded" },
        select: { id: true },
      });
    }
    await tx.courseRevision.update({
      where: { id: rev.id },
      data: { status: "published", publishedAt: new Date(), reviewNote: options.reason || null },
      select: { id: true },
    });
    await tx.course.update({
      where: { id: options.courseId },
      data: { publishedRevisionId: rev.id, archivedAt: null },
      select: { id: true },
    });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.published",
      entityType: "course",
      entityId: options.courseId,
      data: { revision: rev.number, why: options.reason || null },
    });
    return "published" as const;
  });
  return outcome;
}

/** Admin archives a published course: it leaves the catalog; its revisions stay. */
export async function archiveCourse(options: { actorId: string; courseId: string; reason: string }) {
  await prisma.$transaction(async (tx) => {
    const course = await tx.course.findUnique({
      where: { id: options.courseId },
      select: { id: true, publishedRevisionId: true, archivedAt: true },
    });
    if (!course) throw new AppError("NOT_FOUND");
    if (course.archivedAt) return;
    await tx.course.update({ where: { id: course.id }, data: { archivedAt: new Date() }, select: { id: true } });
    if (course.publishedRevisionId)
      await tx.courseRevision.update({
        where: { id: course.publishedRevisionId },
        data: { status: "archived" },
        select: { id: true },
      });
    await recordAudit(tx, {
      actorId: options.actorId,
      action: "course.archived",
      entityType: "course",
      entityId: course.id,
      data: { why: options.reason },
    });
  });
}

/** The authoring view of a course: the open draft (or the published revision when there is none). */
export async function getCourseForAuthor(options: { userId: string; courseId: string }) {
  const course = await requireAuthoredCourse(prisma, options.courseId, options.userId);
  const revision = await prisma.courseRevision.findFirst({
    where: { courseId: course.id, status: { in: ["draft", "in_review"] } },
    orderBy: { number: "desc" },
    include: {
      modules: {
        orderBy: { position: "asc" },
        include: {
          lessons: { orderBy: { position: "asc" }, select: { id: true, slug: true, title: true, kind: true, position: true } },
        },
      },
    },
  });
  const published = course.publishedRevisionId
    ? await prisma.courseRevision.findUnique({
        where: { id: course.publishedRevisionId },
        include: {
          modules: {
            orderBy: { position: "asc" },
            include: {
              lessons: {
                orderBy: { position: "asc" },
                select: { id: true, slug: true, title: true, kind: true, position: true },
              },
            },
          },
        },
      })
    : null;
  const authors = await prisma.courseAuthor.findMany({
    where: { courseId: course.id },
    select: { user: { select: { id: true, displayName: true } } },
  });
  return { course, draft: revision, published, authors: authors.map((a) => a.user) };
}

export async function getLessonForAuthor(options: { userId: string; courseId: string; lessonSlug: string }) {
  const { draft, published, course } = await getCourseForAuthor(options);
  const revisionId = draft?.id ?? published?.id;
  if (!revisionId) throw new AppError("NOT_FOUND");
  const lesson = await prisma.lesson.findFirst({
    where: { revisionId, slug: options.lessonSlug },
    include: { module: { select: { slug: true, title: true } } },
  });
  if (!lesson) throw new AppError("NOT_FOUND");
  return { course, lesson, editable: draft?.status === "draft" || !draft };
}

export function listAuthoredCourses(userId: string) {
  return prisma.course.findMany({
    where: { authors: { some: { userId } } },
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      slug: true,
      archivedAt: true,
      publishedRevisionId: true,
      revisions: { orderBy: { number: "desc" }, take: 1, select: { number: true, status: true, title: true, reviewNote: true } },
    },
  });
}

export function listReviewQueue() {
  return prisma.courseRevision.findMany({
    where: { status: "in_review" },
    orderBy: { submittedAt: "asc" },
    select: {
      id: true,
      courseId: true,
      number: true,
      title: true,
      submittedAt: true,
      reviewNote: true,
      course: { select: { slug: true, publishedRevisionId: true } },
    },
  });
}

export { type Tx };

export type AuthoringEligibility = "approved" | "suspended" | "pending" | "info_requested" | "rejected" | "none";

/** Why an educator may or may not author, for the explanation on the authoring dashboard. */
export async function getAuthoringEligibility(userId: string): Promise<AuthoringEligibility> {
  const app = await prisma.educatorApplication.findUnique({ where: { userId }, select: { status: true, suspendedAt: true } });
  if (!app) return "none";
  if (app.status === "approved") return app.suspendedAt ? "suspended" : "approved";
  return app.status;
}

/** The publication checklist of a revision the caller has already resolved for its author. */
export function getPublicationChecklist(revisionId: string) {
  return publicationChecklist(prisma, revisionId);
}
