// `npm run verify -- <credential.json> [--did did.json]... [--status status.json]...`: verifies an Open
// Badges 3.0 credential (or a CLR 2.0 transcript) fully offline, with the same function as /verify. The
// issuer's DID document comes only from --did files, status lists only from --status files (matched by
// their id). Prints each check with PASS, FAIL or SKIP and its reason in English. Exit code: 0 verified,
// 1 not verified, 2 a usage error (a missing or unreadable file, an unknown option).
import { readFileSync } from "node:fs";
import messages from "#app/locales/en.verify.json" with { type: "json" };
import { didDocumentUrl } from "#app/modules/credentials/vc/did.ts";
import type { Check, VerificationReport } from "#app/modules/credentials/verification.ts";
import { translate } from "#app/utils/i18n.ts";

const USAGE = "usage: npm run verify -- <credential.json> [--did did.json]... [--status status-list.json]...";

function usageError(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function readText(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    usageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  if (text.length > MAX_INPUT_BYTES) usageError(`${file} is larger than ${MAX_INPUT_BYTES} bytes.`);
  return text;
}

/** A --did or --status file: a JSON object with a string id. */
function readDocument(file: string, what: string): { id: string } & Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(readText(file));
  } catch {
    usageError(`${file} is not JSON (${what}).`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc) || typeof (doc as { id?: unknown }).id !== "string") {
    usageError(`${file} is not a ${what} (a JSON object with an id).`);
  }
  return doc as { id: string } & Record<string, unknown>;
}

function parseArgs(argv: string[]) {
  let credential: string | undefined;
  const dids: string[] = [];
  const lists: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--did" || arg === "--status") {
      const value = argv[++i];
      if (!value || value.startsWith("--")) usageError(`${arg} needs a file.`);
      (arg === "--did" ? dids : lists).push(value);
    } else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else if (arg.startsWith("-")) usageError(`Unknown option ${arg}.`);
    else if (credential) usageError("Give one credential file.");
    else credential = arg;
  }
  if (!credential) usageError("Give the credential file.");
  return { credential, dids, lists };
}

const text = (key: string, params?: Check["params"]) => translate(messages, key, params);

function printReport(report: VerificationReport, indent: string) {
  for (const check of report.checks) {
    const mark = check.outcome === "pass" ? "PASS" : check.outcome === "fail" ? "FAIL" : "SKIP";
    console.log(
      `${indent}${mark}  ${text(`verify.check.${check.check}`)}: ${text(`verify.reason.${check.reason}`, check.params)}`,
    );
  }
}

const args = parseArgs(process.argv.slice(2));
// Loaded once the arguments are known to be usable: the JSON-LD and signature libraries take a moment.
const { MAX_INPUT_BYTES, verifyCredential } = await import("#app/modules/credentials/verify-credential.server.ts");
const credentialText = readText(args.credential);
const didDocuments = new Map(args.dids.map((f) => readDocument(f, "DID document")).map((d) => [d.id, d]));
const statusLists = new Map(args.lists.map((f) => readDocument(f, "status list credential")).map((d) => [d.id, d]));
const missingDids = new Set<string>();
const missingLists = new Set<string>();

const report = await verifyCredential(credentialText, {
  resolveDid: async (did) => {
    const doc = didDocuments.get(did);
    if (!doc) missingDids.add(did);
    return doc ?? null;
  },
  loadStatusList: async (url) => {
    const list = statusLists.get(url);
    if (!list) missingLists.add(url);
    return list ?? null;
  },
});

const { summary } = report;
if (summary) {
  const title = summary.achievementName ?? summary.name;
  console.log(
    `${summary.type}${title ? `: ${title}` : ""}${summary.issuerName ? ` (${summary.issuerName}, ${summary.issuerId ?? "?"})` : ""}`,
  );
}
printReport(report, "");
for (const [i, part] of (summary?.parts ?? []).entries()) {
  const name = part.summary?.achievementName ?? part.summary?.name ?? "";
  console.log(`  credential ${i + 1}${name ? `: ${name}` : ""} — ${part.verified ? "verified" : "NOT verified"}`);
  printReport(part, "    ");
}
for (const did of missingDids) {
  let where = "";
  try {
    where = ` (served at ${didDocumentUrl(did)})`;
  } catch {
    // not a did:web: no URL to suggest
  }
  console.log(`The issuer's DID document was not given: pass it with --did <file>${where}. It is not fetched.`);
}
for (const url of missingLists)
  console.log(`The status list ${url} was not given: pass it with --status <file>. It is not fetched.`);
console.log(report.verified ? "VERIFIED" : "NOT VERIFIED");
process.exit(report.verified ? 0 : 1);
