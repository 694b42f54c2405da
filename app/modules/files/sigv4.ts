// AWS Signature Version 4 for S3-compatible storage, written with node:crypto (no SDK):
// https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html
import { createHash, createHmac } from "node:crypto";

export type Credentials = { accessKeyId: string; secretAccessKey: string };

export type SignInput = {
  method: string;
  /** The request path, already URI-encoded once (S3 does not encode it twice). */
  path: string;
  query?: URLSearchParams;
  /** Every header to sign (lower-case names); `host`, `x-amz-date` and `x-amz-content-sha256` among them. */
  headers: Record<string, string>;
  payloadHash: string;
  region: string;
  service?: string;
  credentials: Credentials;
};

export const sha256Hex = (data: string | Uint8Array) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding as SigV4 wants it: everything but A–Z a–z 0–9 - _ . ~ is %XX (upper case). */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `20130524T000000Z` */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

export function canonicalRequest(input: SignInput): { canonical: string; signedHeaders: string } {
  const names = Object.keys(input.headers)
    .map((h) => h.toLowerCase())
    .sort();
  const lower = Object.fromEntries(Object.entries(input.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]!.trim().replace(/\s+/g, " ")}\n`).join("");
  const query = [...(input.query ?? new URLSearchParams())]
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const signedHeaders = names.join(";");
  return {
    canonical: [input.method, input.path, query, canonicalHeaders, signedHeaders, input.payloadHash].join("\n"),
    signedHeaders,
  };
}

/** The Authorization header value of a request (its headers must include x-amz-date). */
export function authorization(input: SignInput): string {
  const date = input.headers["x-amz-date"];
  if (!date || !/^\d{8}T\d{6}Z$/.test(date)) throw new Error("sigv4: x-amz-date header missing or malformed");
  const day = date.slice(0, 8);
  const service = input.service ?? "s3";
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const { canonical, signedHeaders } = canonicalRequest(input);
  const stringToSign = ["AWS4-HMAC-SHA256", date, scope, sha256Hex(canonical)].join("\n");
  let key = hmac(`AWS4${input.credentials.secretAccessKey}`, day);
  for (const part of [input.region, service, "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
