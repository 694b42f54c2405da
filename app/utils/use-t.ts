import { useRouteLoaderData } from "react-router";
import { translate, type Locale, type Messages, type TranslateVars } from "./i18n.ts";

export type RootI18n = { locale: Locale; dir: "ltr" | "rtl"; messages: Messages };

/** The translator of the current page, from the root loader's messages. */
export function useT() {
  const data = useRouteLoaderData("root") as RootI18n | undefined;
  const messages = data?.messages ?? {};
  const locale = data?.locale ?? "en";
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
  const page = data ? translate(data.messages, key) : "";
  return [{ title: page ? `${page} · Waystone` : "Waystone" }];
}
