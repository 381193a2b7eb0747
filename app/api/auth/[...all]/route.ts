import { getAuth } from "@/lib/auth/instance";
import { errorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * better-auth answers errors as `{ code, message }`, which its client reads. The house shape
 * `{ error: { code: "auth:…", message } }` is added beside it. OAuth endpoints keep their
 * RFC 6749 bodies (`error` is a string there) untouched.
 */
async function withErrorShape(response: Response): Promise<Response> {
  if (response.status < 400 || !response.headers.get("content-type")?.includes("application/json")) return response;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return new Response(text, response);
  }
  const b = body as { code?: unknown; message?: unknown; error?: unknown };
  if (typeof b !== "object" || b === null || "error" in b || typeof b.code !== "string")
    return new Response(text, response);
  const shaped = {
    ...b,
    error: { code: `auth:${b.code.toLowerCase()}`, message: typeof b.message === "string" ? b.message : b.code },
  };
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(JSON.stringify(shaped), { status: response.status, statusText: response.statusText, headers });
}

const MAX_BODY_BYTES = 64 * 1024;

/**
 * OIDC Core 5.3.1 allows a UserInfo request as a POST that carries the token only in the
 * Authorization header; better-auth insists on a form content type even with no body, so such
 * a request (what openid-client sends) gets one.
 */
function normaliseUserInfoPost(request: Request): Request {
  if (request.method !== "POST" || request.headers.get("content-type")) return request;
  if (!new URL(request.url).pathname.endsWith("/oauth2/userinfo")) return request;
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/x-www-form-urlencoded");
  return new Request(request.url, { method: "POST", headers, body: "" });
}

async function handle(request: Request): Promise<Response> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return errorResponse("auth:body_too_large", "The request body is too large.");
  }
  return withErrorShape(await (await getAuth()).handler(normaliseUserInfoPost(request)));
}

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST, handle as PUT };
