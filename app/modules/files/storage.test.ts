// The two storage drivers. S3Storage talks to a fake S3 server started here on 127.0.0.1, which checks
// every request's SigV4 signature itself (recomputed from what it received, with its own code below:
// not the driver's) and keeps objects in memory; sigv4.ts is also checked against AWS's published example.
import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, readdirSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { authorization } from "./sigv4.ts";
import { LocalDiskStorage, newStorageKey, S3Storage, type FileStorage } from "./storage.server.ts";

async function readAll(stream: ReadableStream<Uint8Array> | null): Promise<string | null> {
  if (!stream) return null;
  return Buffer.from(await new Response(stream).arrayBuffer()).toString();
}

async function roundTrip(storage: FileStorage) {
  const key = newStorageKey();
  await storage.put(key, new TextEncoder().encode("first bytes ✓"), "text/plain; charset=utf-8");
  expect(await readAll(await storage.open(key))).toBe("first bytes ✓");
  const streamed = newStorageKey();
  await storage.put(
    streamed,
    (async function* () {
      yield new TextEncoder().encode("in ");
      yield new TextEncoder().encode("parts");
    })(),
    "text/plain",
  );
  expect(await readAll(await storage.open(streamed))).toBe("in parts");
  await storage.delete(key);
  expect(await storage.open(key)).toBeNull();
  await storage.delete(key); // deleting a missing object is fine
  expect(await storage.open(newStorageKey())).toBeNull();
  await expect(storage.put("../escape", new Uint8Array([1]), "text/plain")).rejects.toThrow(/malformed key/);
}

describe("LocalDiskStorage", () => {
  test("put, open, delete under its root; keys cannot leave it; no temporary file remains", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "waystone-uploads-"));
    await roundTrip(new LocalDiskStorage(root));
    const left = readdirSync(root, { recursive: true }).map(String);
    expect(left.filter((f) => f.endsWith(".part"))).toEqual([]);
    expect(left.filter((f) => /^[0-9a-f]{2}\/[0-9a-f]{32}$/.test(f))).toHaveLength(1); // the streamed one
  });
});

// ---- a fake S3 that verifies SigV4 on its own
const CREDENTIALS = { accessKeyId: "AKIDWAYSTONETEST", secretAccessKey: "s3cr3t/with+chars" };
const REGION = "eu-test-1";
const BUCKET = "waystone-files";

function hmac(key: string | Buffer, data: string) {
  return createHmac("sha256", key).update(data).digest();
}

/** Recomputes the signature of a received request from the raw request line, headers and body. */
function verify(req: IncomingMessage, body: Buffer): string | null {
  const auth = req.headers.authorization ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      auth,
    );
  if (!match) return "malformed authorization";
  const [, accessKey, day, region, signedHeaders, signature] = match;
  if (accessKey !== CREDENTIALS.accessKeyId || region !== REGION) return "unknown credential";
  const amzDate = String(req.headers["x-amz-date"] ?? "");
  if (!amzDate.startsWith(day!)) return "date mismatch";
  if (
    Math.abs(Date.now() - Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"))) >
    15 * 60_000
  )
    return "request too old";
  const payloadHash = createHash("sha256").update(body).digest("hex");
  if (req.headers["x-amz-content-sha256"] !== payloadHash) return "payload hash mismatch";
  const names = signedHeaders!.split(";");
  if (!names.includes("host") || !names.includes("x-amz-date") || !names.includes("x-amz-content-sha256"))
    return "unsigned headers";
  const [rawPath, rawQuery = ""] = (req.url ?? "").split("?");
  const canonical = [
    req.method,
    rawPath,
    rawQuery,
    names.map((n) => `${n}:${String(req.headers[n] ?? "").trim()}\n`).join(""),
    signedHeaders,
    payloadHash,
  ].join("\n");
  const toSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    `${day}/${region}/s3/aws4_request`,
    createHash("sha256").update(canonical).digest("hex"),
  ].join("\n");
  let key = hmac(`AWS4${CREDENTIALS.secretAccessKey}`, day!);
  for (const part of [region!, "s3", "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(toSign).digest("hex") === signature ? null : "signature mismatch";
}

let server: Server;
let endpoint = "";
const objects = new Map<string, { body: Buffer; type: string }>();
const refusals: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const problem = verify(req, body);
      if (problem) {
        refusals.push(problem);
        res.writeHead(403, { "Content-Type": "application/xml" }).end("<Error><Code>SignatureDoesNotMatch</Code></Error>");
        return;
      }
      const prefix = `/${BUCKET}/`;
      if (!req.url?.startsWith(prefix)) return res.writeHead(404).end();
      const key = decodeURIComponent(req.url.slice(prefix.length));
      if (req.method === "PUT") {
        objects.set(key, { body, type: String(req.headers["content-type"] ?? "") });
        return res.writeHead(200).end();
      }
      if (req.method === "GET") {
        const object = objects.get(key);
        if (!object) return res.writeHead(404).end("<Error><Code>NoSuchKey</Code></Error>");
        return res.writeHead(200, { "Content-Type": object.type }).end(object.body);
      }
      if (req.method === "DELETE") {
        objects.delete(key);
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  endpoint = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("S3Storage against a fake S3 that verifies SigV4", () => {
  test("put, open, delete path-style, every request correctly signed", async () => {
    const storage = new S3Storage({ endpoint, bucket: BUCKET, region: REGION, credentials: CREDENTIALS });
    refusals.length = 0;
    await roundTrip(storage);
    expect(refusals).toEqual([]);
    const key = newStorageKey();
    await storage.put(key, new Uint8Array([1, 2, 3]), "application/pdf");
    expect(objects.get(key)).toEqual({ body: Buffer.from([1, 2, 3]), type: "application/pdf" });
  });

  test("a wrong secret is refused by the server and the driver says so (nothing stored)", async () => {
    const storage = new S3Storage({
      endpoint,
      bucket: BUCKET,
      region: REGION,
      credentials: { ...CREDENTIALS, secretAccessKey: "wrong" },
    });
    refusals.length = 0;
    const before = objects.size;
    const key = newStorageKey();
    await expect(storage.put(key, new Uint8Array([1]), "text/plain")).rejects.toThrow(/S3 PUT failed: 403/);
    expect(refusals).toEqual(["signature mismatch"]);
    expect(objects.size).toBe(before);
  });

  test("an endpoint written with a trailing slash signs the same path", async () => {
    const storage = new S3Storage({ endpoint: `${endpoint}/`, bucket: BUCKET, region: REGION, credentials: CREDENTIALS });
    const key = newStorageKey();
    await storage.put(key, new Uint8Array([7]), "text/plain");
    expect(await readAll(await storage.open(key))).toBe("\u0007");
  });
});

describe("sigv4", () => {
  test("matches AWS's documented example (GET Object with a Range header)", () => {
    // https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "Example: GET Object"
    const header = authorization({
      method: "GET",
      path: "/test.txt",
      headers: {
        host: "examplebucket.s3.amazonaws.com",
        range: "bytes=0-9",
        "x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "x-amz-date": "20130524T000000Z",
      },
      payloadHash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      region: "us-east-1",
      credentials: { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
    });
    expect(header).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
    );
  });
});
