// One module as a single self-contained HTML file to read offline (downloadModule). Safety first: the file
// is something a learner keeps on a device that others may see, so it names nothing but the module's
// title (no learner, no site name, no course title, no address of the site), runs no script (a strict CSP
// in a meta element forbids everything but inline styles and data: images), and needs nothing from the
// network: the stylesheet is inline and images are data: URIs. Lesson bodies are the courses module's
// sanitised rendering (no scripts, no event handlers, images only from this site); links into this site
// keep their text and lose their address, so the file never points back here.
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import type { ReadingModule } from "#app/modules/courses/revision-plans.server.ts";
import { directionOf, isLocale, type Locale } from "#app/utils/i18n.ts";
import { serverT } from "#app/utils/i18n.server.ts";

export const OFFLINE_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** Images lesson bodies may point at: files of this site's public directory, by extension. */
const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".svg": "image/svg+xml",
};
/** An image larger than this is left out (its text alternative stays): the file must stay small. */
export const MAX_INLINE_IMAGE_BYTES = 2 * 1024 * 1024;

const PUBLIC_DIR = path.resolve("public");

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 42rem; padding: 1.25rem; font: 1.0625rem/1.6 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Naskh Arabic", sans-serif; color: #1b1b1b; background: #fff; overflow-wrap: anywhere; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0 0 1rem; }
h2 { font-size: 1.375rem; line-height: 1.3; margin: 2.5rem 0 .75rem; border-top: 1px solid #c8c8c8; padding-top: 1.25rem; }
h3, h4, h5, h6 { font-size: 1.125rem; margin: 1.5rem 0 .5rem; }
a { color: #0b4f8a; }
img { max-width: 100%; height: auto; }
pre { white-space: pre-wrap; background: #f3f3f3; padding: .75rem; border-radius: .25rem; }
code { font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; font-size: .95em; }
table { border-collapse: collapse; display: block; overflow-x: auto; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .5rem; text-align: start; }
blockquote { margin: 1rem 0; padding-inline-start: 1rem; border-inline-start: 4px solid #c8c8c8; }
.note { background: #eef4fa; border-inline-start: 4px solid #0b4f8a; padding: .5rem .75rem; }
details { border: 1px solid #c8c8c8; border-radius: .25rem; padding: .5rem .75rem; }
summary { cursor: pointer; font-weight: 600; }
.missing-image { font-style: italic; }
nav ol { padding-inline-start: 1.5rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  nav { display: none; }
  h2 { break-before: page; border-top: 0; }
  h2, h3 { break-after: avoid; }
  a { color: #000; }
  pre, img, table, blockquote { break-inside: avoid; }
}
`
  .replace(/\n\s*/g, "\n")
  .trim();

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/gi, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/**
 * A data: URI for an image a lesson points at with a path of this site ("/images/x.png", "images/x.png"),
 * read from the public directory; null for anything else (another site, a path leaving the directory, an
 * unknown type, a missing or too large file).
 */
export function imageDataUri(src: string, publicDir: string = PUBLIC_DIR): string | null {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(src)) return null; // a scheme or another host: never fetched
  let pathname: string;
  try {
    pathname = decodeURIComponent(src.split(/[?#]/)[0] ?? "");
  } catch {
    return null;
  }
  if (!pathname || pathname.includes("\0")) return null;
  const type = IMAGE_TYPES[path.extname(pathname).toLowerCase()];
  if (!type) return null;
  const root = path.resolve(publicDir);
  const file = path.resolve(root, `.${path.posix.normalize(`/${pathname}`)}`);
  if (!file.startsWith(root + path.sep) || !existsSync(file)) return null;
  const real = realpathSync(file);
  if (!real.startsWith(realpathSync(root) + path.sep)) return null; // a link out of the directory
  const stat = statSync(real);
  if (!stat.isFile() || stat.size > MAX_INLINE_IMAGE_BYTES) return null;
  return `data:${type};base64,${readFileSync(real).toString("base64")}`;
}

/** Every <img> of sanitised HTML with its picture inlined, or replaced by its text alternative when it cannot be. */
export function inlineImages(html: string, missing: (alt: string) => string, publicDir?: string): string {
  return html.replace(/<img\b[^>]*>/gi, (tag) => {
    const attr = (name: string) => {
      const m = new RegExp(`\\s${name}="([^"]*)"`, "i").exec(tag);
      return m ? decodeAttribute(m[1]!) : "";
    };
    const alt = attr("alt");
    const uri = imageDataUri(attr("src"), publicDir);
    if (!uri) return `<span class="missing-image">${escapeHtml(missing(alt))}</span>`;
    const title = attr("title");
    return `<img src="${uri}" alt="${escapeHtml(alt)}"${title ? ` title="${escapeHtml(title)}"` : ""}>`;
  });
}

/**
 * Links of sanitised HTML that would name this site (a path of the site, or its own address) lose their
 * address and keep their text; links to other sites and mailto: stay (they are part of the lesson).
 */
export function neutraliseLinks(html: string, siteOrigin?: string): string {
  return html.replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/gi, (whole, attrs: string, inner: string) => {
    const m = /\shref="([^"]*)"/i.exec(attrs);
    const href = m ? decodeAttribute(m[1]!) : "";
    if (/^mailto:/i.test(href)) return whole;
    if (/^https?:\/\//i.test(href)) {
      try {
        if (!siteOrigin || new URL(href).origin !== new URL(siteOrigin).origin) return whole;
      } catch {
        // an address that does not parse is not kept
      }
    }
    return `<span>${inner}</span>`;
  });
}

/** The module's file: its title, a table of contents, then each lesson (warned ones behind their warning). */
export function renderOfflineModule(
  module: ReadingModule,
  locale: Locale,
  options: { publicDir?: string; siteOrigin?: string } = {},
): string {
  const t = serverT(locale);
  const textLang = module.language;
  const textDir = directionOf(isLocale(textLang) ? textLang : "en");
  // Our own words are in the learner's language; where it is not the text's, they say so.
  const ui = (html: string, tag = "span") =>
    locale === textLang ? html : `<${tag} lang="${locale}" dir="${directionOf(locale)}">${html}</${tag}>`;
  const missing = (alt: string) => (alt ? t("offline.image_missing", { alt }) : t("offline.image_missing_no_alt"));
  const lessons = module.lessons.map((lesson, i) => {
    const id = `lesson-${i + 1}`;
    const parts: string[] = [];
    if (lesson.kind === "quiz") parts.push(ui(`<p class="note">${escapeHtml(t("offline.quiz_note"))}</p>`, "div"));
    if (lesson.kind === "assignment") parts.push(ui(`<p class="note">${escapeHtml(t("offline.assignment_note"))}</p>`, "div"));
    parts.push(
      lesson.bodyHtml
        ? neutraliseLinks(inlineImages(lesson.bodyHtml, missing, options.publicDir), options.siteOrigin)
        : ui(`<p>${escapeHtml(t("offline.empty_lesson"))}</p>`, "div"),
    );
    const content = parts.join("\n");
    const body = lesson.contentWarning
      ? `<details>\n<summary>${ui(escapeHtml(t("offline.warning")))}: ${escapeHtml(lesson.contentWarning)} ${ui(
          escapeHtml(t("offline.warning_open")),
        )}</summary>\n${content}\n</details>`
      : content;
    return `<section id="${id}" aria-labelledby="${id}-title">\n<h2 id="${id}-title">${escapeHtml(lesson.title)}</h2>\n${body}\n</section>`;
  });
  const contents = module.lessons
    .map((lesson, i) => `<li><a href="#lesson-${i + 1}">${escapeHtml(lesson.title)}</a></li>`)
    .join("\n");
  return [
    "<!doctype html>",
    `<html lang="${escapeHtml(textLang)}" dir="${textDir}">`,
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(module.title)}</title>`,
    `<style>\n${STYLE}\n</style>`,
    "</head>",
    "<body>",
    "<main>",
    `<h1>${escapeHtml(module.title)}</h1>`,
    module.lessons.length ? `<nav aria-label="${escapeHtml(t("offline.contents"))}">\n<ol>\n${contents}\n</ol>\n</nav>` : "",
    ...lessons,
    "</main>",
    "</body>",
    "</html>",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}

/** The file's name: neutral, the module's place in the course only. */
export function offlineFilename(module: Pick<ReadingModule, "number">): string {
  return `module-${module.number}.html`;
}
