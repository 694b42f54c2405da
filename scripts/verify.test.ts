// The offline CLI, run as a child process on real signed files.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { buildClrCredential, randomSubjectId } from "#app/modules/credentials/vc/open-badge.ts";
import { signCredential } from "#app/modules/credentials/vc/sign.server.ts";
import { issuerProfile, makeIssuer, ORIGIN, signedBadge, signedStatusList } from "#app/modules/credentials/vc/test-support.ts";

const dir = mkdtempSync(path.join(tmpdir(), "waystone-verify-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, content: unknown) => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return p;
};

const issuer = await makeIssuer();
const badge = await signedBadge(issuer);
const tampered = structuredClone(badge);
tampered.credentialSubject.creditsEarned = 50;
const clr = await signCredential(
  buildClrCredential({
    id: `${ORIGIN}/credentials/transcripts/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b`,
    name: "Waystone transcript",
    issuer: issuerProfile(),
    validFrom: "2026-12-01T00:00:00Z",
    subjectId: randomSubjectId(),
    credentials: [badge],
  }),
  issuer.current,
);
const files = {
  badge: file("badge.json", badge),
  tampered: file("tampered.json", tampered),
  clr: file("clr.json", clr),
  did: file("did.json", issuer.didDocument),
  status: file("status.json", await signedStatusList(issuer)),
  revokedStatus: file("revoked-status.json", await signedStatusList(issuer, { revoked: [4242] })),
  notJson: file("not-json.json", "{ nope"),
};

function verify(...args: string[]) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/verify.ts", ...args], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, DATABASE_URL: "", NODE_OPTIONS: "" },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe("npm run verify", () => {
  test("a signed credential with its DID document and status list: every check PASS, exit 0", () => {
    const { code, out } = verify(files.badge, "--did", files.did, "--status", files.status);
    expect(out.split("\n").filter((l) => /^(PASS|FAIL|SKIP) /.test(l))).toEqual([
      "PASS  Format: The credential follows the format of its standard.",
      "PASS  Signature: The signature is valid: the credential is exactly as its issuer signed it.",
      "PASS  Issuer's key: The issuer vouches for the key that signed it.",
      "PASS  Revocation status: The credential has not been revoked.",
      "PASS  Validity dates: The credential is within its validity dates.",
    ]);
    expect(out).toContain("OpenBadgeCredential: Introduction to Statistics (Waystone, did:web:waystone.test)");
    expect(out.trim().split("\n").at(-1)).toBe("VERIFIED");
    expect(code).toBe(0);
  });

  test("a tampered credential: FAIL on the signature, exit 1", () => {
    const { code, out } = verify(files.tampered, "--did", files.did, "--status", files.status);
    expect(out).toContain("FAIL  Signature: The signature does not match");
    expect(out).toContain("SKIP  Revocation status:");
    expect(out.trim().split("\n").at(-1)).toBe("NOT VERIFIED");
    expect(code).toBe(1);
  });

  test("a revoked credential: FAIL on its status, exit 1", () => {
    const { code, out } = verify(files.badge, "--did", files.did, "--status", files.revokedStatus);
    expect(out).toContain("FAIL  Revocation status: The issuer has revoked this credential.");
    expect(code).toBe(1);
  });

  test("fully offline: without --did the proof fails with a clear message; without --status the status is unreachable", () => {
    const noDid = verify(files.badge, "--status", files.status);
    expect(noDid.out).toContain("FAIL  Signature: The issuer did:web:waystone.test is not known here");
    expect(noDid.out).toContain("pass it with --did <file> (served at https://waystone.test/.well-known/did.json)");
    expect(noDid.code).toBe(1);
    const noStatus = verify(files.badge, "--did", files.did);
    expect(noStatus.out).toContain(
      "FAIL  Revocation status: The revocation list https://waystone.test/credentials/status/list1 could not be read",
    );
    expect(noStatus.out).toContain("pass it with --status <file>");
    expect(noStatus.code).toBe(1);
  });

  test("a CLR transcript: its own checks and each bundled credential's", () => {
    const { code, out } = verify(files.clr, "--did", files.did, "--status", files.status);
    expect(out).toContain("ClrCredential: Waystone transcript");
    expect(out).toContain("  credential 1: Introduction to Statistics — verified");
    expect(out).toContain("    PASS  Revocation status: The credential has not been revoked.");
    expect(code).toBe(0);
  });

  test("a file that is not JSON is a credential that fails its shape (exit 1)", () => {
    const { code, out } = verify(files.notJson, "--did", files.did);
    expect(out).toContain("FAIL  Format: This is not valid JSON.");
    expect(code).toBe(1);
  });

  test.each([
    ["no file", [], "Give the credential file."],
    ["a missing file", [path.join(dir, "missing.json")], "Cannot read"],
    ["--did without a file", [files.badge, "--did"], "--did needs a file."],
    ["an unknown option", [files.badge, "--unknown"], "Unknown option --unknown."],
    ["two credential files", [files.badge, files.did], "Give one credential file."],
    ["a --did file that is not JSON", [files.badge, "--did", files.notJson], "is not JSON (DID document)."],
  ])("usage error, exit 2: %s", (_what, args, message) => {
    const { code, out, err } = verify(...args);
    expect(err).toContain(message);
    expect(err).toContain("usage: npm run verify --");
    expect(out).toBe("");
    expect(code).toBe(2);
  });
});
