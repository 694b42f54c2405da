import { useMatches, useRouteLoaderData } from "react-router";
import { translate, type Locale, type Messages, type TranslateVars } from "./i18n.ts";

export type RootI18n = { locale: Locale; dir: "ltr" | "rtl"; messages: Messages };

/**
 * The translator of the current page: the root loader's messages, and the scoped messages (SCOPED_AREAS
 * in i18n.ts) that matched routes return as `messages` from their loaders.
 */
export function useT() {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const matches = useMatches();
  const locale = data?.locale ?? "en";
  const messages = mergeMessages(
    data?.messages ?? NONE,
    matches.filter((m) => m.id !== "root").map((m) => (m.data as { messages?: unknown } | undefined)?.messages),
  );
  return (key: string, vars?: TranslateVars) => translate(messages, key, vars, locale);
}

const NONE: Messages = {};
// Merged sets by the identity of their parts: every component of a page calls useT, and the parts (the
// root's messages and a page's scoped ones) are the same objects for the whole render, so the page merges
// once instead of once per component.
const merged = new WeakMap<Messages, WeakMap<Messages, Messages>>();

/** The root's messages with the scoped messages of the page's routes over them. */
function mergeMessages(root: Messages, scoped: readonly unknown[]): Messages {
  let result = root;
  for (const part of scoped) {
    if (typeof part !== "object" || part === null) continue;
    const extra = part as Messages;
    let byExtra = merged.get(result);
    if (!byExtra) {
      byExtra = new WeakMap();
      merged.set(result, byExtra);
    }
    let next = byExtra.get(extra);
    if (!next) {
      next = { ...result, ...extra };
      byExtra.set(extra, next);
    }
    result = next;
  }
  return result;
}

export function useLocale(): Locale {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  return data?.locale ?? "en";
}

type MetaMatch = { id: string; data?: unknown; loaderData?: unknown } | undefined;

/** A neutral document title: "<page> · Waystone", never a course or credential name. */
export function pageTitle(matches: readonly MetaMatch[], key: string) {
  const root = matches.find((m) => m?.id === "root");
  const data = (root?.loaderData ?? root?.data) as RootI18n | undefined;
  // The root's messages and the scoped ones of the page's own loaders (as useT merges them).
  const messages = data
    ? mergeMessages(
        data.messages,
        matches
          .filter((m) => m && m.id !== "root")
          .map((m) => ((m?.loaderData ?? m?.data) as { messages?: unknown } | undefined)?.messages),
      )
    : null;
  const page = messages ? translate(messages, key) : "";
  return [{ title: page ? `${page} · Waystone` : "Waystone" }];
}
