// Which pages search engines may index (ADR 017). Only public pages that ask for it: the home page, the
// catalog and course pages. Everything else (every page behind a login, the forms to join or log in, and
// every error page) carries `<meta name="robots" content="noindex">` (root.tsx Layout), and every response
// with an error status also carries `X-Robots-Tag: noindex` (server/index.ts).
import { translate, type Messages } from "./i18n.ts";
import { pageTitle } from "./use-t.ts";

export type IndexHandle = { indexable?: true };

/** `export const handle = INDEXABLE` on a public page that search engines may index. */
export const INDEXABLE: IndexHandle = { indexable: true };

type Match = { id?: string; handle?: unknown; data?: unknown; loaderData?: unknown } | undefined;

/**
 * A page is indexable when its deepest route says so and rendered with its data: a route whose loader
 * failed (its error boundary shows a 404 or a 500) has no data, so an error page is never indexed.
 */
export function isIndexable(matches: readonly Match[]) {
  const leaf = matches[matches.length - 1];
  const handle = leaf?.handle as IndexHandle | undefined;
  return handle?.indexable === true && (leaf?.data ?? leaf?.loaderData) !== undefined;
}

/** Search snippets stay short; a longer text is cut at a word boundary. */
const DESCRIPTION_LIMIT = 300;

export function shortDescription(text: string) {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= DESCRIPTION_LIMIT) return clean;
  const cut = clean.slice(0, DESCRIPTION_LIMIT);
  const space = cut.lastIndexOf(" ");
  return `${(space > 200 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The meta of an indexable page: its neutral title and a description, either a message key (translated
 * in the page's language) or a text of its own (a course's summary, in the course's language).
 */
export function publicPageMeta(matches: readonly Match[], titleKey: string, description: { key: string } | { text: string }) {
  const root = matches.find((m) => m?.id === "root");
  const messages = ((root?.loaderData ?? root?.data) as { messages?: Messages } | undefined)?.messages ?? {};
  const content = "key" in description ? translate(messages, description.key) : shortDescription(description.text);
  return [...pageTitle(matches as Parameters<typeof pageTitle>[0], titleKey), { name: "description", content }];
}
