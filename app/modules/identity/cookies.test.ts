import { createCookie } from "react-router";
import { describe, expect, test } from "vitest";
import { getSessionCookie, readSessionCookie } from "./cookies.server.ts";

const TOKEN = "T1u0x17zD4AppX-1VTz2NoXIqxfpsROOqvIG4kpYhcs";

/** "name=value" of a Set-Cookie header, as a browser sends it back. */
const sent = (setCookie: string) => setCookie.split(";")[0]!;

describe("readSessionCookie (the session cookie, read without WebCrypto)", () => {
  test("reads what the session cookie wrote, and agrees with React Router's own parse", async () => {
    const cookie = sent(await getSessionCookie().serialize(TOKEN));
    expect(readSessionCookie(cookie)).toBe(TOKEN);
    expect(await getSessionCookie().parse(cookie)).toBe(TOKEN);
    // among other cookies, in any order
    expect(readSessionCookie(`waystone_prefs=abc; ${cookie}; other=1`)).toBe(TOKEN);
    // any JSON value round-trips, non-ASCII included
    expect(readSessionCookie(sent(await getSessionCookie().serialize({ n: "ñ عربي" })))).toEqual({ n: "ñ عربي" });
  });

  test("a changed value, a changed or missing signature, another secret or garbage reads as null", async () => {
    const cookie = sent(await getSessionCookie().serialize(TOKEN));
    const [name, value] = [cookie.slice(0, cookie.indexOf("=")), decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1))];
    const dot = value.lastIndexOf(".");
    const data = value.slice(0, dot);
    const signature = value.slice(dot + 1);
    const forgedData = Buffer.from(JSON.stringify("x".repeat(43))).toString("base64");
    expect(readSessionCookie(`${name}=${encodeURIComponent(`${forgedData}.${signature}`)}`)).toBeNull();
    const flipped = (signature[0] === "A" ? "B" : "A") + signature.slice(1);
    expect(readSessionCookie(`${name}=${encodeURIComponent(`${data}.${flipped}`)}`)).toBeNull();
    expect(readSessionCookie(`${name}=${encodeURIComponent(data)}`)).toBeNull();
    expect(readSessionCookie(`${name}=${encodeURIComponent(`${data}.`)}`)).toBeNull();
    const other = createCookie(name, { secrets: ["another-secret-0123456789abcdef0123456789"] });
    expect(readSessionCookie(sent(await other.serialize(TOKEN)))).toBeNull();
    const unsigned = createCookie(name);
    expect(readSessionCookie(sent(await unsigned.serialize(TOKEN)))).toBeNull();
    for (const junk of [`${name}=`, `${name}=%E0%A4%A`, `${name}=...`, "unrelated=1", ""])
      expect(readSessionCookie(junk)).toBeNull();
    expect(readSessionCookie(null)).toBeNull();
  });
});
