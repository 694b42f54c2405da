import { NavLink, Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requirePermission, requireUser } from "#app/modules/identity/session.server.ts";
import catalogCss from "#app/styles/catalog.css?url";
import { route } from "#app/utils/responses.server.ts";
import { useT } from "#app/utils/use-t.ts";

// The staff tables, status badges and decision buttons (`.button-danger` of the confirmations) of every admin page.
export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: catalogCss }];

// Every admin page checks its own permission in its own reads; this gate keeps the whole area (and its
// navigation) to admins, so a page added without a check still answers nobody else.
export const loader = route(async ({ request }: Route.LoaderArgs) => {
  requirePermission(await requireUser(request), "read:user:any");
  return null;
});

const LINKS = [
  ["/admin", "admin.nav_overview"],
  ["/admin/users", "admin.nav_users"],
  ["/admin/organisations", "admin.nav_organisations"],
  ["/admin/referral-codes", "admin.nav_codes"],
  ["/admin/invitations", "admin.nav_invitations"],
  ["/admin/applications", "admin.nav_applications"],
  ["/admin/educators", "educator.admin_title"],
  ["/admin/cohorts", "cohort.title"],
  ["/admin/seats", "seats.title"],
  ["/admin/courses", "review.list_title"],
  ["/admin/credentials", "credentials_admin.nav"],
  ["/admin/sponsorship", "sponsor.admin_nav"],
  ["/admin/audit", "admin.nav_audit"],
  ["/admin/outbox", "admin.nav_outbox"],
] as const;

export default function AdminLayout() {
  const t = useT();
  return (
    <div className="admin">
      <nav aria-label={t("admin.nav_label")} className="subnav">
        <ul>
          {LINKS.map(([to, key]) => (
            <li key={to}>
              <NavLink to={to} end={to === "/admin"}>
                {t(key)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin-body">
        <Outlet />
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
