import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { EnvError, parseEnv } from "./env.server.ts";

const dataDir = mkdtempSync(path.join(tmpdir(), "waystone-env-"));
const SECRETS = { SESSION_SECRET: "s".repeat(40), ENCRYPTION_KEY: "ab".repeat(32) };

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    parseEnv(env);
    return [];
  } catch (e) {
    if (e instanceof EnvError) return e.problems;
    throw e;
  }
}

describe("env", () => {
  test("production without secrets refuses, naming each missing variable", () => {
    const p = problems({ NODE_ENV: "production", DATA_DIR: dataDir });
    expect(p.join("\n")).toMatch(/SESSION_SECRET is required when NODE_ENV=production/);
    expect(p.join("\n")).toMatch(/ENCRYPTION_KEY is required when NODE_ENV=production/);
  });
  test("malformed variables are named", () => {
    const p = problems({
      NODE_ENV: "development",
      DATA_DIR: dataDir,
      ENCRYPTION_KEY: "short",
      PORT: "abc",
      DATABASE_URL: "mysql://x",
      APP_ORIGIN: "not a url",
    });
    expect(p.some((x) => x.startsWith("ENCRYPTION_KEY"))).toBe(true);
    expect(p.some((x) => x.startsWith("PORT"))).toBe(true);
    expect(p.some((x) => x.startsWith("DATABASE_URL"))).toBe(true);
    expect(p.some((x) => x.startsWith("APP_ORIGIN"))).toBe(true);
  });
  test("development generates secrets once and keeps them", () => {
    const a = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    const b = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(a.usingGeneratedSecrets).toBe(true);
    expect(a.ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(b.SESSION_SECRET).toBe(a.SESSION_SECRET);
  });
  test("https origin switches on secure cookies; production over http is refused except on localhost", () => {
    expect(parseEnv({ NODE_ENV: "production", ...SECRETS, APP_ORIGIN: "https://waystone.example" }).secureCookies).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", ...SECRETS, APP_ORIGIN: "http://localhost:3000" }).secureCookies).toBe(false);
    expect(problems({ NODE_ENV: "production", ...SECRETS, APP_ORIGIN: "http://waystone.example" })[0]).toMatch(
      /APP_ORIGIN must be https/,
    );
  });
  test("without APP_ORIGIN the origin follows PORT, as `.env.example` leaves it (PORT=3101 npm start)", () => {
    const example = Object.fromEntries(
      readFileSync(".env.example", "utf8")
        .split("\n")
        .filter((line) => /^[A-Z_]+=/.test(line))
        .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
    );
    expect(example.APP_ORIGIN).toBe("");
    expect(parseEnv({ ...example, ...SECRETS, PORT: "3101" }).APP_ORIGIN).toBe("http://localhost:3101");
    expect(parseEnv({ ...example, ...SECRETS }).APP_ORIGIN).toBe("http://localhost:3000");
  });

  test('TRUST_PROXY is a number of proxy hops: 0 by default, "false" is 0, "true" is refused with the fix', () => {
    const hops = (TRUST_PROXY?: string) => parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir, TRUST_PROXY }).TRUST_PROXY;
    expect([hops(undefined), hops(""), hops("false"), hops("0"), hops("1"), hops(" 2 ")]).toEqual([0, 0, 0, 0, 1, 2]);
    const refused = problems({ NODE_ENV: "development", DATA_DIR: dataDir, TRUST_PROXY: "true" });
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/^TRUST_PROXY must be the NUMBER of trusted proxy hops.*TRUST_PROXY=1 behind one reverse proxy/);
    for (const bad of ["-1", "1.5", "yes", "all", "100"]) {
      expect(problems({ NODE_ENV: "development", DATA_DIR: dataDir, TRUST_PROXY: bad })[0], bad).toMatch(/^TRUST_PROXY must be/);
    }
  });

  test("an empty variable counts as unset", () => {
    expect(problems({ NODE_ENV: "production", SESSION_SECRET: "", ENCRYPTION_KEY: "" }).length).toBe(2);
  });
});
