// The device cookie (docs/decisions/012-login-throttling-and-device-cookies.md): proof that this browser
// has logged in to an account before, so that its correct password is never refused because other people
// are failing on the same account. It holds a random id and an HMAC (SESSION_SECRET) over that id AND the
// account's user id: nothing that names the account, yet it verifies for that one account only. Nothing is
// stored on the server; the cookie is set again, with a fresh id, at every successful login.
import { createHmac } from "node:crypto";
import { createCookie } from "react-router";
import { getEnv } from "#app/utils/env.server.ts";
import { randomToken, safeEqual } from "./crypto.server.ts";

const MAX_AGE_SECONDS = 60 * 60 * 24 * 365;
const FORMAT = /^([A-Za-z0-9_-]{24})\.([A-Za-z0-9_-]{43})$/;
// What an unknown account's attempt verifies a presented cookie against, so that it does the same work.
const NO_ACCOUNT = "no-account";

let cookie: ReturnType<typeof createCookie> | undefined;

/** HttpOnly, SameSite=Lax, about a year; `__Host-` and Secure when the app is served over https. */
function deviceCookie() {
  if (!cookie) {
    const env = getEnv();
    cookie = createCookie(env.secureCookies ? "__Host-waystone_device" : "waystone_device", {
      httpOnly: true,
      sameSite: "lax",
      secure: env.secureCookies,
      path: "/",
      maxAge: MAX_AGE_SECONDS,
    });
  }
  return cookie;
}

function mac(deviceId: string, userId: string): string {
  return createHmac("sha256", getEnv().SESSION_SECRET).update(`waystone-device-v1\0${deviceId}\0${userId}`).digest("base64url");
}

/** A new device cookie for `userId`: the Set-Cookie value. */
export function issueDeviceCookie(userId: string): Promise<string> {
  const id = randomToken(18);
  return deviceCookie().serialize(`${id}.${mac(id, userId)}`);
}

/**
 * The device id of the request's cookie when it verifies for `userId` (null for an unknown account), or
 * null. A presented cookie costs one HMAC whether or not the account exists.
 */
export async function verifiedDeviceId(cookieHeader: string | null | undefined, userId: string | null): Promise<string | null> {
  let value: unknown;
  try {
    value = await deviceCookie().parse(cookieHeader ?? null);
  } catch {
    return null;
  }
  const parts = typeof value === "string" ? FORMAT.exec(value) : null;
  if (!parts) return null;
  const [, id, presented] = parts as unknown as [string, string, string];
  const valid = safeEqual(mac(id, userId ?? NO_ACCOUNT), presented);
  return valid && userId ? id : null;
}
