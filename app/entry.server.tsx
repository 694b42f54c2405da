import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import type { AppLoadContext, EntryContext, HandleDataRequestFunction } from "react-router";
import { ServerRouter } from "react-router";
import { NonceProvider } from "#app/utils/nonce.tsx";
import { hasSessionCookie } from "#app/utils/no-store.ts";

export const streamTimeout = 5_000;

/** Learner data must never sit in a shared or browser cache: authenticated responses are no-store. */
function applyCachePolicy(request: Request, headers: Headers) {
  if (hasSessionCookie(request) || !headers.has("Cache-Control")) headers.set("Cache-Control", "no-store");
}

export const handleDataRequest: HandleDataRequestFunction = (response, { request }) => {
  applyCachePolicy(request, response.headers);
  return response;
};

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce;
  applyCachePolicy(request, responseHeaders);
  // The page differs by language, low-data mode and login.
  responseHeaders.set("Vary", "Accept-Language, Save-Data, Cookie");
  // Catalog pages send an ETag to anonymous visitors (their `headers` export): an unchanged page is
  // answered 304 without rendering (RFC 9110 §13.1.2).
  // The build is part of the page too: a new deploy must not revalidate pages that point at old scripts.
  const routeEtag = responseHeaders.get("ETag");
  if (routeEtag) responseHeaders.set("ETag", routeEtag.replace(/^(W\/)?"/, `$1"${routerContext.manifest.version}-`));
  const etag = responseHeaders.get("ETag");
  const method = request.method.toUpperCase();
  const ifNoneMatch =
    request.headers
      .get("If-None-Match")
      ?.split(",")
      .map((tag) => tag.trim()) ?? [];
  if (etag && (method === "GET" || method === "HEAD") && responseStatusCode === 200 && ifNoneMatch.includes(etag)) {
    return new Response(null, { status: 304, headers: responseHeaders });
  }
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const userAgent = request.headers.get("user-agent");
    // Bots and no-JS clients get the whole document at once; browsers get the shell early.
    const readyOption = (userAgent && isbot(userAgent)) || routerContext.isSpaMode ? "onAllReady" : "onShellReady";
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <ServerRouter context={routerContext} url={request.url} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [readyOption]() {
          shellRendered = true;
          const body = new PassThrough();
          const stream = createReadableStreamFromReadable(body);
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(stream, { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
