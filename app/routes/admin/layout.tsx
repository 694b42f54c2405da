import { NavLink, Outlet } from "react-router";
import type { Route } from "./+types/layout";
import { GeneralErrorBoundary } from "#app/components/error-boundary.tsx";
import { requireUserWithPermission } from "#app/modules/identity/session.server.ts";
import { useT } from "#app/utils/use-t.ts";

export async function loader({ request }: Route.LoaderArgs) {
  await requireUserWithPermission(request, "read:user:any");
  return null;
}

const LINKS = [
  ["/admin", "admin.nav_overview"],
  ["/admin/users", "admin.nav_users"],
  ["/admin/organisations", "admin.nav_organisations"],
  ["/admin/referral-codes", "admin.nav_codes"],
  ["/admin/invitations", "admin.nav_invitations"],
  ["/admin/applications", "admin.nav_applications"],
  ["/admin/educators", "educator.admin_title"],
  ["/admin/cohorts", "cohort.title"],
  ["/admin/courses", "review.list_title"],
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
