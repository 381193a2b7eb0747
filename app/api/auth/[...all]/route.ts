import { apiRoute } from "@/lib/api/api-route";
import { getAuth } from "@/lib/auth/instance";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { readBodyCapped } from "@/lib/http/body";
import { CLIENT_IP_HEADER, clientIpFrom } from "@/lib/http/client-ip";
import { findInputProblem, isStorableText } from "@/lib/http/input";

export const dynamic = "force-dynamic";

const MAX_BODY_BYTES = 64 * 1024;

/** better-auth's bare statuses (an empty 401, a 429 with only a message) get a code too. */
const STATUS_CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  413: "body_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
};

/**
 * better-auth answers errors as `{ code, message }` (which its client reads), sometimes with
 * only a message or no body at all. Every error gets the house shape
 * `{ error: { code: "auth:…", message } }` beside what better-auth sent, and a 429 gets the
 * standard Retry-After next to better-auth's X-Retry-After. OAuth endpoints keep their RFC 6749
 * bodies (`error` is a string there) untouched.
 */
async function withErrorShape(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  const type = (response.headers.get("content-type") ?? "").toLowerCase();
  if (type && !type.includes("application/json") && !type.includes("text/plain")) return response;
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      body = parsed as Record<string, unknown>;
  } catch {
    body = {};
  }
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  headers.set("content-type", "application/json");
  const retryAfter = headers.get("x-retry-after");
  if (response.status === 429 && retryAfter && !headers.has("retry-after")) headers.set("retry-after", retryAfter);
  if ("error" in body) return new Response(text || JSON.stringify(body), { status: response.status, headers });
  const reason = typeof body.code === "string" ? body.code.toLowerCase() : (STATUS_CODES[response.status] ?? "error");
  const message =
    typeof body.message === "string" ? body.message : response.statusText || `The request failed (${response.status}).`;
  return new Response(JSON.stringify({ ...body, error: { code: `auth:${reason}`, message } }), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
}

/**
 * The request better-auth sees: its body read under the size cap (a chunked body is never read
 * past it), refused if any field holds text Postgres cannot store, and the client address
 * header set from the socket (never from the client). OIDC Core 5.3.1 allows a UserInfo POST
 * with the token only in the Authorization header; better-auth insists on a form content type
 * even with no body, so such a request gets one.
 */
async function prepare(request: Request): Promise<Request> {
  const url = new URL(request.url);
  for (const value of url.searchParams.values()) {
    if (!isStorableText(value)) throw new AppError("http:invalid_text");
  }
  const headers = new Headers(request.headers);
  const ip = clientIpFrom(request.headers, env());
  if (ip) headers.set(CLIENT_IP_HEADER, ip);
  else headers.delete(CLIENT_IP_HEADER);
  if (request.method === "GET" || request.method === "HEAD") return new Request(request, { headers });

  const body = await readBodyCapped(request, MAX_BODY_BYTES, "auth:body_too_large");
  // Media types are case-insensitive (RFC 9110); better-auth parses "Application/JSON" too.
  const type = (headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("application/json") && body.byteLength > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder().decode(body));
    } catch {
      parsed = undefined; // better-auth answers malformed JSON itself
    }
    const problem = findInputProblem(parsed);
    if (problem) throw new AppError(problem === "too_deep" ? "http:too_deep" : "http:invalid_text");
  } else if (type.includes("application/x-www-form-urlencoded")) {
    for (const value of new URLSearchParams(new TextDecoder().decode(body)).values()) {
      if (!isStorableText(value)) throw new AppError("http:invalid_text");
    }
  } else if (!type && request.method === "POST" && url.pathname.endsWith("/oauth2/userinfo")) {
    headers.set("content-type", "application/x-www-form-urlencoded");
  }
  return new Request(request.url, { method: request.method, headers, body });
}

const handle = apiRoute(async (request: Request) => {
  const auth = await getAuth();
  return withErrorShape(await auth.handler(await prepare(request)));
});

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
