// Authored Markdown is rendered on the server only, in two layers (ADR 009): markdown-it with raw HTML
// off (tags are escaped) and its link validation (no javascript:, vbscript:, file: or data: links),
// then sanitize-html with an allow-list, which removes anything a future markdown-it option might let
// through: scripts, event handlers, iframes, styles, unknown URL schemes.
import MarkdownIt from "markdown-it";
import sanitizeHtml from "sanitize-html";

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// Links to other sites open safely and leak no referrer.
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const href = tokens[idx]!.attrGet("href") ?? "";
  if (/^https?:/i.test(href)) tokens[idx]!.attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "p",
    "br",
    "hr",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
  ],
  allowedAttributes: {
    a: ["href", "title", "rel"],
    img: ["src", "alt", "title"],
    code: ["class"],
    ol: ["start"],
  },
  allowedClasses: { code: [/^language-[a-z0-9+#-]+$/] },
  allowedSchemes: ["http", "https", "mailto"],
  // Images must come from this site (the CSP allows no other); remote ones lose their src.
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // h1 belongs to the page; authored headings start at h2.
  transformTags: { h1: "h2" },
};

export function renderMarkdown(source: string): string {
  return sanitizeHtml(md.render(source), SANITIZE);
}

/** Plain text of a Markdown string (for summaries and search), without markup. */
export function markdownToText(source: string): string {
  return sanitizeHtml(md.render(source), { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, " ").trim();
}

/**
 * The lesson editor's "Preview": a Conform `validate` intent on `body` (nothing is saved). Returns the
 * rendered text of the submitted body, or null when the post was another intent.
 */
export function lessonPreview(result: { intent?: unknown; initialValue?: Record<string, unknown> | null }): string | null {
  const intent = result.intent as { type?: unknown; payload?: { name?: unknown } } | undefined;
  if (intent?.type !== "validate" || intent.payload?.name !== "body") return null;
  const body = result.initialValue?.body;
  return renderMarkdown(typeof body === "string" ? body.slice(0, 60_000) : "");
}
