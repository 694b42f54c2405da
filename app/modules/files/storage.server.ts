// Where uploaded bytes live (docs/decisions/022-file-storage-and-uploads.md): one interface, two drivers,
// chosen by STORAGE_DRIVER. Keys are random (newStorageKey), never derived from a name, so a key is safe
// as a path segment and says nothing about the file or its owner.
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { getEnv } from "#app/utils/env.server.ts";
import { amzDate, authorization, sha256Hex, uriEncode, type Credentials } from "./sigv4.ts";

export interface FileStorage {
  /** Stores `body` under `key` (replacing nothing: keys are new). */
  put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, contentType: string): Promise<void>;
  /** The stored bytes as a stream, or null when there is no such object. */
  open(key: string): Promise<ReadableStream<Uint8Array> | null>;
  /** Removes the object; removing a missing one is not an error. */
  delete(key: string): Promise<void>;
}

const KEY = /^[a-z0-9]{32}$/;

/** A new random storage key (128 bits, hex). */
export function newStorageKey(): string {
  return randomBytes(16).toString("hex");
}

function checkKey(key: string) {
  if (!KEY.test(key)) throw new Error("storage: malformed key");
}

async function collect(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/**
 * Files on the local disk, under `<DATA_DIR>/uploads` by default: outside the build's client directory,
 * which is the only one served statically, so a file is reached only through /files/:fileId and its
 * permission check. Objects are written to a temporary name and renamed, so a reader never sees half a file.
 */
export class LocalDiskStorage implements FileStorage {
  constructor(readonly root: string) {}

  private pathOf(key: string) {
    checkKey(key);
    return path.join(this.root, key.slice(0, 2), key);
  }

  async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>) {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = `${target}.${randomBytes(4).toString("hex")}.part`;
    try {
      await writeFile(temporary, body instanceof Uint8Array ? body : Readable.from(body), { mode: 0o600, flag: "wx" });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async open(key: string) {
    const file = this.pathOf(key);
    try {
      if (!(await stat(file)).isFile()) return null;
    } catch {
      return null;
    }
    return Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>;
  }

  async delete(key: string) {
    await rm(this.pathOf(key), { force: true });
  }
}

export type S3Options = { endpoint: string; bucket: string; region: string; credentials: Credentials };

/**
 * An S3-compatible bucket (AWS, MinIO, Garage, R2…), addressed path-style (`<endpoint>/<bucket>/<key>`)
 * and signed with SigV4 by hand (sigv4.ts). A PUT sends the payload's SHA-256, so the service refuses a
 * body altered on the way. A stream given to `put` is read into memory first (uploads are bounded: ADR 022).
 */
export class S3Storage implements FileStorage {
  private readonly base: URL;
  constructor(private readonly options: S3Options) {
    this.base = new URL(options.endpoint.replace(/\/+$/, "") + "/");
  }

  private async send(method: "PUT" | "GET" | "DELETE", key: string, body?: Uint8Array, contentType?: string) {
    checkKey(key);
    const pathname = `${this.base.pathname}${uriEncode(this.options.bucket)}/${uriEncode(key)}`;
    const url = new URL(pathname, this.base);
    const payloadHash = sha256Hex(body ?? new Uint8Array());
    const headers: Record<string, string> = {
      host: url.host,
      "x-amz-date": amzDate(new Date()),
      "x-amz-content-sha256": payloadHash,
      ...(contentType ? { "content-type": contentType } : {}),
    };
    headers.authorization = authorization({
      method,
      path: url.pathname,
      headers,
      payloadHash,
      region: this.options.region,
      credentials: this.options.credentials,
    });
    const { host: _host, ...sent } = headers;
    return fetch(url, { method, headers: sent, body: body ? new Blob([new Uint8Array(body)]) : undefined });
  }

  async put(key: string, body: Uint8Array | AsyncIterable<Uint8Array>, contentType: string) {
    const response = await this.send("PUT", key, await collect(body), contentType);
    await response.body?.cancel();
    if (!response.ok) throw new Error(`S3 PUT failed: ${response.status}`);
  }

  async open(key: string) {
    const response = await this.send("GET", key);
    if (response.status === 404) {
      await response.body?.cancel();
      return null;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`S3 GET failed: ${response.status}`);
    }
    return response.body as ReadableStream<Uint8Array>;
  }

  async delete(key: string) {
    const response = await this.send("DELETE", key);
    await response.body?.cancel();
    if (!response.ok && response.status !== 404) throw new Error(`S3 DELETE failed: ${response.status}`);
  }
}

let current: FileStorage | undefined;

/** The storage of this process, from STORAGE_DRIVER (app/utils/env.server.ts). */
export function getStorage(): FileStorage {
  if (current) return current;
  const env = getEnv();
  current =
    env.STORAGE_DRIVER === "s3"
      ? new S3Storage({
          endpoint: env.S3_ENDPOINT!,
          bucket: env.S3_BUCKET!,
          region: env.S3_REGION,
          credentials: { accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY! },
        })
      : new LocalDiskStorage(path.resolve(env.DATA_DIR, "uploads"));
  return current;
}

/** Tests only: use another storage (a temporary directory) for the rest of the process. */
export function setStorageForTests(storage: FileStorage | undefined) {
  current = storage;
}
