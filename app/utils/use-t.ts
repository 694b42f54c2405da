import { useMemo } from "react";
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
  const messages = useMemo(() => {
    const scoped = matches
      .filter((m) => m.id !== "root")
      .map((m) => (m.data as { messages?: unknown } | undefined)?.messages)
      .filter((m): m is Messages => typeof m === "object" && m !== null);
    return scoped.length === 0 ? (data?.messages ?? {}) : Object.assign({}, data?.messages, ...scoped);
  }, [data?.messages, matches]);
  return (key: string, vars?: TranslateVars) => translate(messages, key, vars, locale);
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
  const scoped = matches
    .filter((m) => m && m.id !== "root")
    .map((m) => ((m?.loaderData ?? m?.data) as { messages?: unknown } | undefined)?.messages)
    .filter((m): m is Messages => typeof m === "object" && m !== null);
  const messages = data ? Object.assign({}, data.messages, ...scoped) : null;
  const page = messages ? translate(messages, key) : "";
  return [{ title: page ? `${page} · Waystone` : "Waystone" }];
}
