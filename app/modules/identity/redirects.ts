// Where a form may send a person afterwards (`redirectTo`): a path of this site and nothing else.
// Browsers drop tab, CR and LF inside a URL and read a backslash as a slash, so "/\t/evil.example" and
// "/\\evil.example" leave the site as surely as "//evil.example"; a CR or LF in a Location header is a
// header injection (and a 500 in Node). Percent-encoded forms are checked too. Pure: forms and routes
// share it (no zod, no server code).

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\\]/;
const BASE = "http://waystone.invalid";

/** The same-site path `to` stands for, or null when it is anything else. */
export function safeRedirectPath(to: unknown): string | null {
  if (typeof to !== "string" || to.length === 0 || to.length > 500) return null;
  if (UNSAFE.test(to) || !to.startsWith("/") || to.startsWith("//")) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return null;
  }
  if (UNSAFE.test(decoded) || decoded.startsWith("//")) return null;
  const url = new URL(to, BASE);
  if (url.origin !== BASE) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
