import { useEffect, useRef } from "react";
import {
  data,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { WithUserText } from "#app/components/bidi.tsx";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { QUICK_EXIT_SCRIPT, QuickExit } from "#app/components/quick-exit.tsx";
import { isActiveEducator } from "#app/modules/educators/queries.server.ts";
import { readPrefs } from "#app/modules/identity/cookies.server.ts";
import { can } from "#app/modules/identity/permissions.ts";
import { getOptionalUser } from "#app/modules/identity/session.server.ts";
import appCss from "#app/styles/app.css?url";
import { getPublicEnv } from "#app/utils/env.server.ts";
import { directionOf, LOCALES, type Locale } from "#app/utils/i18n.ts";
import { rootMessages } from "#app/utils/i18n.server.ts";
import { requestLocale } from "#app/utils/page-messages.server.ts";
import { isIndexable } from "#app/utils/indexing.ts";
import { useNonce } from "#app/utils/nonce.tsx";
import { route } from "#app/utils/responses.server.ts";
import { useT } from "#app/utils/use-t.ts";

// A neutral fallback title for pages without their own (error pages included). Whether a page may be
// indexed is decided in Layout (app/utils/indexing.ts): only public pages that say so, never an error.
export const meta: Route.MetaFunction = () => [{ title: "Waystone" }];

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const loader = route(async ({ request }: Route.LoaderArgs) => {
  const user = await getOptionalUser(request);
  const prefs = await readPrefs(request);
  const locale = await requestLocale(request);
  const saveData = request.headers.get("Save-Data")?.toLowerCase() === "on";
  const lowData = saveData || (user ? user.lowData : prefs.lowData === true);
  const nav = user
    ? {
        learn: user.roles.includes("learner"),
        teach: user.roles.includes("educator"),
        // Authoring is for approved educators who are not suspended (the educators module decides).
        author: user.roles.includes("educator") && (await isActiveEducator(user.id)),
        sponsor: user.roles.includes("sponsor"),
        partner: user.roles.includes("verifier"),
        admin: can(user, "read:audit-log:any"),
      }
    : null;
  return data({
    locale,
    dir: directionOf(locale),
    messages: rootMessages(locale, user),
    lowData,
    saveData,
    user: user ? { displayName: user.displayName } : null,
    // In-app notices (app/utils/mailer.server.ts): the signed-in menu shows how many are unread (read
    // with the session, session.server.ts).
    unreadNotices: user?.unreadNotices ?? 0,
    nav,
    env: getPublicEnv(),
  });
});

export type RootLoaderData = Awaited<ReturnType<typeof loader>>["data"];

const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", es: "Español", ar: "العربية" };

function Preferences({ lowData, saveData }: { lowData: boolean; saveData: boolean }) {
  const t = useT();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  const root = useRouteLoaderData("root") as RootLoaderData | undefined;
  return (
    <div className="prefs">
      <form method="post" action="/preferences" className="inline-form">
        <input type="hidden" name="redirectTo" value={here} />
        <label htmlFor="pref-lang">{t("shell.language")}</label>
        <select id="pref-lang" name="lang" defaultValue={root?.locale ?? "en"} key={root?.locale}>
          {LOCALES.map((l) => (
            <option key={l} value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </option>
          ))}
        </select>
        <button type="submit" className="button-small">
          {t("shell.change_language")}
        </button>
      </form>
      <form method="post" action="/preferences" className="inline-form">
        <input type="hidden" name="redirectTo" value={here} />
        <input type="hidden" name="lowData" value={lowData ? "off" : "on"} />
        <button type="submit" className="button-small" aria-pressed={lowData} disabled={saveData}>
          {t("shell.low_data")}: {lowData ? t("shell.on") : t("shell.off")}
        </button>
      </form>
    </div>
  );
}

/**
 * The header (ADR 017): on a phone, the brand and one "Menu" button under the quick-exit bar; navigation,
 * account, language and low-data fold into a <details>, which opens without JavaScript. On a wide screen
 * the menu's content is shown in line and its button is hidden (app.css, `::details-content`).
 */
function SiteHeader() {
  const root = useRouteLoaderData("root") as RootLoaderData | undefined;
  const t = useT();
  const nav = root?.nav;
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // With JavaScript, a link followed inside the open menu closes it (without, every page loads closed).
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.pathname, location.search]);
  const unread = root?.unreadNotices ?? 0;
  return (
    <header className="site-header">
      <div className="site-header-row">
        <Link to="/" className="brand">
          Waystone
        </Link>
        <details className="menu" ref={menu}>
          <summary className="menu-button">
            <span className="menu-icon" aria-hidden="true" />
            {t("shell.menu")}
            {unread > 0 ? <span className="menu-badge">{t("shell.menu_unread", { count: unread })}</span> : null}
          </summary>
          <div className="menu-panel">
            <nav aria-label={t("shell.nav_label")}>
              <ul className="nav-list">
                <li>
                  <Link to="/courses">{t("nav.courses")}</Link>
                </li>
                {nav?.learn ? (
                  <li>
                    <Link to="/learn">{t("nav.learn")}</Link>
                  </li>
                ) : null}
                {nav?.learn ? (
                  <li>
                    <Link to="/wallet">{t("nav.wallet")}</Link>
                  </li>
                ) : null}
                {nav?.teach ? (
                  <li>
                    <Link to="/teach">{t("nav.teach")}</Link>
                  </li>
                ) : null}
                {nav?.author ? (
                  <li>
                    <Link to="/author">{t("nav.author")}</Link>
                  </li>
                ) : null}
                {nav?.sponsor ? (
                  <li>
                    <Link to="/sponsor">{t("nav.sponsor")}</Link>
                  </li>
                ) : null}
                {nav?.partner ? (
                  <li>
                    <Link to="/partner">{t("nav.partner")}</Link>
                  </li>
                ) : null}
                {nav?.admin ? (
                  <li>
                    <Link to="/admin">{t("nav.admin")}</Link>
                  </li>
                ) : null}
                {root?.user ? (
                  <li>
                    <Link to="/notices">{unread > 0 ? t("shell.notices_unread", { count: unread }) : t("shell.notices")}</Link>
                  </li>
                ) : null}
                {root?.user ? (
                  <li>
                    <Link to="/settings">{t("nav.settings")}</Link>
                  </li>
                ) : null}
                <li>
                  <Link to="/safety">{t("nav.safety")}</Link>
                </li>
              </ul>
            </nav>
            <div className="account">
              {root?.user ? (
                <form method="post" action="/logout" className="inline-form">
                  <span className="signed-in-as">
                    <WithUserText message={t("shell.signed_in_as")} values={{ name: root.user.displayName }} />
                  </span>
                  <button type="submit" className="button-small">
                    {t("nav.logout")}
                  </button>
                </form>
              ) : (
                <Link to="/login">{t("nav.login")}</Link>
              )}
            </div>
            <Preferences lowData={root?.lowData ?? false} saveData={root?.saveData ?? false} />
          </div>
        </details>
      </div>
    </header>
  );
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData("root") as RootLoaderData | undefined;
  const nonce = useNonce();
  const t = useT();
  const matches = useMatches();
  const lowData = root?.lowData ?? false;
  return (
    <html lang={root?.locale ?? "en"} dir={root?.dir ?? "ltr"}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        {/* Public pages that ask for it may be indexed; everything else (logged-in pages, errors) never. */}
        {root && isIndexable(matches) ? null : <meta name="robots" content="noindex" />}
        <Meta />
        <Links />
      </head>
      <body>
        <QuickExit
          href={root?.env.QUICK_EXIT_URL ?? "https://www.bbc.com/weather"}
          label={t("shell.quick_exit")}
          hint={t("shell.quick_exit_hint")}
        />
        {lowData ? null : (
          <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: QUICK_EXIT_SCRIPT }} />
        )}
        <a className="skip-link" href="#main">
          {t("shell.skip")}
        </a>
        <SiteHeader />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <p>
            {t("shell.footer")} <Link to="/safety">{t("nav.safety")}</Link>
          </p>
        </footer>
        {lowData ? null : (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        )}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
