const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?waystone_session=/;
export function hasSessionCookie(request: Request) {
  return SESSION_COOKIE.test(request.headers.get("Cookie") ?? "");
}
