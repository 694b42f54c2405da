import { index, route, type RouteConfig } from "@react-router/dev/routes";

// Public URLs are stable (ARCHITECTURE.md "public URLs"): they are printed on shares, emails and agreements.
export default [
  index("routes/home.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("signup", "routes/signup.tsx"),
  route("join/educator", "routes/join-educator.tsx"),
  route("invite/:token", "routes/invite.tsx"),
  route("preferences", "routes/preferences.tsx"),
  route("settings", "routes/settings.tsx"),
  route("safety", "routes/safety.tsx"),
  route("learn", "routes/learn.tsx"),
  route("teach", "routes/teach.tsx"),
  route("sponsor", "routes/sponsor.tsx"),
  route("partner", "routes/partner.tsx"),
  route("admin", "routes/admin/layout.tsx", [
    index("routes/admin/index.tsx"),
    route("organisations", "routes/admin/organisations.tsx"),
    route("referral-codes", "routes/admin/referral-codes.tsx"),
    route("invitations", "routes/admin/invitations.tsx"),
    route("users", "routes/admin/users.tsx"),
    route("users/:userId", "routes/admin/user.tsx"),
    route("applications", "routes/admin/applications.tsx"),
    route("audit", "routes/admin/audit.tsx"),
    route("outbox", "routes/admin/outbox.tsx"),
  ]),
  route("healthz", "routes/healthz.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
