// A module downloaded to read offline, on the real database: the file's content (self-contained, no
// script, a strict CSP, nothing that names the learner, the site or the course), who may download which
// module, and that it is progress-neutral (an audit row, no LessonProgress change).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { actorFor } from "#app/modules/identity/session.server.ts";
import { prisma } from "#app/utils/db.server.ts";
import { getEnv } from "#app/utils/env.server.ts";
import { addLearner, createGradedCohort } from "#tests/dashboard-fixtures.ts";
import { createAdmin, createApprovedEducator, createLearner } from "#tests/factories.ts";
import { assignEducatorToCohort } from "#tests/learning-factories.ts";
import { WARNING } from "#tests/player-fixtures.ts";
import { downloadModule } from "./download-module.server.ts";
import { imageDataUri, inlineImages, MAX_INLINE_IMAGE_BYTES, OFFLINE_CSP } from "./offline-document.server.ts";

const audits = (enrolmentId: string) =>
  prisma.auditEvent.findMany({
    where: { action: "module.downloaded", entityId: enrolmentId },
    select: { actorId: true, data: true },
  });
const progress = (enrolmentId: string) =>
  prisma.lessonProgress.findMany({
    where: { enrolmentId },
    orderBy: { lessonId: "asc" },
    select: { lessonId: true, completedAt: true, lastOpenedAt: true, updatedAt: true },
  });

describe("the offline file", () => {
  test("one self-contained page: the module's title and lessons, warned lessons behind their warning, no script, a strict CSP", async () => {
    const s = await createGradedCohort({ learnerName: "Amal Learner" });
    const me = await actorFor(s.learner.id);
    const file = await downloadModule(me, { enrolmentId: s.enrolment.id, moduleId: s.modules[0]!.id }, { locale: "en" });
    expect(file.filename).toBe("module-1.html");
    const html = file.html;
    expect(html).toMatch(/^<!doctype html>\n<html lang="en" dir="ltr">/);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}">`);
    expect(OFFLINE_CSP).toMatch(/^default-src 'none'; img-src data:; style-src 'unsafe-inline'/);
    expect(html).toContain("<title>Module 1</title>");
    expect(html).toContain("<h1>Module 1</h1>");
    expect(html).toContain("<style>");
    for (const title of ["Lesson 1", "Lesson 2", "Lesson 3"]) expect(html).toContain(title);
    expect(html).not.toContain("Lesson 4"); // the next module's
    expect(html).toContain("Some explanation with a worked example.");
    expect(html).toMatch(new RegExp(`<details>\\n<summary>Content warning: ${WARNING} \\(open to read this lesson\\)</summary>`));
    expect(html).toContain("This lesson is an assignment.");
    // Nothing runs, nothing is fetched.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/<link\b|<iframe|<object|<embed|src="(?!data:)/i);
    // It names nothing but the module: no learner, no site, no course, no cohort, no address.
    const course = await prisma.courseRevision.findUniqueOrThrow({ where: { id: s.revisionId }, select: { title: true } });
    const user = await prisma.user.findUniqueOrThrow({ where: { id: s.learner.id }, select: { username: true } });
    for (const name of ["Amal Learner", user.username, "Waystone", course.title, s.cohort.name, s.enrolment.id, s.course.slug]) {
      expect(html).not.toContain(name);
    }
    expect(html).not.toMatch(/https?:\/\/|localhost/i);
    expect(html).not.toContain(getEnv().APP_ORIGIN);
  });

  test("a quiz lesson says to take it online and carries none of its questions or answers", async () => {
    const s = await createGradedCohort();
    const file = await downloadModule(
      await actorFor(s.learner.id),
      { enrolmentId: s.enrolment.id, moduleId: s.modules[1]!.id },
      {
        locale: "en",
      },
    );
    expect(file.filename).toBe("module-2.html");
    expect(file.html).toContain("This lesson is a quiz. Take it online");
    expect(file.html).not.toContain("2 + 2?");
  });

  test("the text's language sets lang and dir; our own words carry the learner's", async () => {
    const s = await createGradedCohort();
    await prisma.courseRevision.update({ where: { id: s.revisionId }, data: { language: "ar" }, select: { id: true } });
    const me = await actorFor(s.learner.id);
    const en = await downloadModule(me, { enrolmentId: s.enrolment.id, moduleId: s.modules[1]!.id }, { locale: "en" });
    expect(en.html).toContain('<html lang="ar" dir="rtl">');
    expect(en.html).toContain('<div lang="en" dir="ltr"><p class="note">This lesson is a quiz.');
    const ar = await downloadModule(me, { enrolmentId: s.enrolment.id, moduleId: s.modules[1]!.id }, { locale: "ar" });
    expect(ar.html).toContain('<p class="note">هذا الدرس اختبار.');
    expect(ar.html).not.toContain('lang="en"');
  });

  test("images of this site are inlined as data: URIs; others become their text alternative", async () => {
    const s = await createGradedCohort();
    await prisma.lesson.update({
      where: { id: s.lessons[0]!.id },
      data: {
        body: "![The site's mark](/favicon.svg)\n\n![A far picture](https://tracker.example/pixel.png)\n\n![Up](../../../etc/x.png)",
      },
      select: { id: true },
    });
    const file = await downloadModule(
      await actorFor(s.learner.id),
      { enrolmentId: s.enrolment.id, moduleId: s.modules[0]!.id },
      {
        locale: "en",
      },
    );
    expect(file.html).toMatch(/<img src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="The site&#39;s mark">/);
    expect(file.html).toContain('<span class="missing-image">Image not included: A far picture</span>');
    expect(file.html).toContain('<span class="missing-image">Image not included: Up</span>');
    expect(file.html).not.toContain("tracker.example");
  });
});

describe("links", () => {
  test("links into this site keep their text only; links elsewhere stay", async () => {
    const s = await createGradedCohort();
    const site = getEnv().APP_ORIGIN;
    await prisma.lesson.update({
      where: { id: s.lessons[0]!.id },
      data: {
        body: `See [the course page](/courses/${s.course.slug}), [my lessons](${site}/learn), [a reading](https://example.org/read) and <mailto:help@example.org>.`,
      },
      select: { id: true },
    });
    const { html } = await downloadModule(
      await actorFor(s.learner.id),
      { enrolmentId: s.enrolment.id, moduleId: s.modules[0]!.id },
      {
        locale: "en",
      },
    );
    expect(html).toContain("See <span>the course page</span>, <span>my lessons</span>,");
    expect(html).toContain('<a href="https://example.org/read" rel="noopener noreferrer nofollow">a reading</a>');
    expect(html).toContain('<a href="mailto:help@example.org">mailto:help@example.org</a>');
    expect(html).not.toContain(site);
    expect(html).not.toContain("/courses/");
  });
});

describe("images", () => {
  test("only files inside the public directory, of an image type, not too large", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "waystone-offline-"));
    const pub = path.join(dir, "public");
    mkdirSync(path.join(pub, "img"), { recursive: true });
    writeFileSync(path.join(pub, "img", "dot.png"), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(path.join(pub, "notes.txt"), "secret");
    writeFileSync(path.join(dir, "outside.png"), "outside");
    writeFileSync(path.join(pub, "big.png"), Buffer.alloc(MAX_INLINE_IMAGE_BYTES + 1));
    symlinkSync(path.join(dir, "outside.png"), path.join(pub, "link.png"));
    expect(imageDataUri("/img/dot.png", pub)).toBe("data:image/png;base64,iVBORw==");
    expect(imageDataUri("img/dot.png?v=1#x", pub)).toBe("data:image/png;base64,iVBORw==");
    expect(imageDataUri("/img/%64ot.png", pub)).toBe("data:image/png;base64,iVBORw==");
    for (const src of [
      "/../outside.png",
      "/img/../../outside.png",
      "%2e%2e/outside.png",
      "/link.png",
      "/notes.txt",
      "/big.png",
      "/missing.png",
      "https://x.example/img/dot.png",
      "//x.example/img/dot.png",
      "data:image/png;base64,AAAA",
      "",
    ]) {
      expect(imageDataUri(src, pub), src).toBeNull();
    }
    expect(inlineImages('<p><img src="/img/dot.png" alt="A &amp; B" title="t"></p>', (alt) => `no ${alt}`, pub)).toBe(
      '<p><img src="data:image/png;base64,iVBORw==" alt="A &amp; B" title="t"></p>',
    );
    expect(inlineImages('<img src="/notes.txt" alt="&lt;b&gt;">', (alt) => `no ${alt}`, pub)).toBe(
      '<span class="missing-image">no &lt;b&gt;</span>',
    );
  });
});

describe("who may download which module, and what it records", () => {
  test("the learner's download writes one audit row and changes no progress", async () => {
    const s = await createGradedCohort();
    await prisma.lessonProgress.create({
      data: { enrolmentId: s.enrolment.id, lessonId: s.lessons[0]!.id, lastOpenedAt: new Date("2027-03-02T08:00:00Z") },
      select: { id: true },
    });
    const before = await progress(s.enrolment.id);
    await downloadModule(
      await actorFor(s.learner.id),
      { enrolmentId: s.enrolment.id, moduleId: s.modules[0]!.id },
      { locale: "en" },
    );
    expect(await progress(s.enrolment.id)).toEqual(before);
    expect(await audits(s.enrolment.id)).toEqual([{ actorId: s.learner.id, data: { moduleId: s.modules[0]!.id } }]);
  });

  test("another learner, a withdrawn enrolment, another revision's module, a forged id: not found; staff: refused; nothing recorded", async () => {
    const s = await createGradedCohort();
    const elsewhere = await createGradedCohort();
    const educator = await createApprovedEducator();
    await assignEducatorToCohort({ cohortId: s.cohort.id, userId: educator.id });
    const owner = await actorFor(s.learner.id);
    const cases: Array<[string, Parameters<typeof downloadModule>[0], string, string, string]> = [
      ["another learner", await actorFor((await createLearner()).id), s.enrolment.id, s.modules[0]!.id, "not_found"],
      ["a classmate", await actorFor((await addLearner(s.cohort.id)).learner.id), s.enrolment.id, s.modules[0]!.id, "not_found"],
      ["another revision's module", owner, s.enrolment.id, elsewhere.modules[0]!.id, "not_found"],
      ["a forged module id", owner, s.enrolment.id, "cmxnosuchmodule0000000000", "not_found"],
      ["a malformed module id", owner, s.enrolment.id, "../../x", "not_found"],
      ["a forged enrolment id", owner, "cmxnosuchenrolment0000000", s.modules[0]!.id, "not_found"],
      ["the cohort's educator", await actorFor(educator.id), s.enrolment.id, s.modules[0]!.id, "permission.denied"],
      ["an admin", await actorFor((await createAdmin()).id), s.enrolment.id, s.modules[0]!.id, "permission.denied"],
    ];
    for (const [who, actor, enrolmentId, moduleId, reason] of cases) {
      await expect(downloadModule(actor, { enrolmentId, moduleId }, { locale: "en" }), who).rejects.toMatchObject({ reason });
    }
    await prisma.enrolment.update({ where: { id: s.enrolment.id }, data: { status: "withdrawn" } });
    await expect(
      downloadModule(owner, { enrolmentId: s.enrolment.id, moduleId: s.modules[0]!.id }, { locale: "en" }),
    ).rejects.toMatchObject({ reason: "not_found" });
    expect(await audits(s.enrolment.id)).toEqual([]);
    expect(await progress(s.enrolment.id)).toEqual([]);
  });
});
