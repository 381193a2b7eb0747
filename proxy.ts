import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";
import { outageRetryAfter } from "@/db/availability";
import { env } from "@/lib/env";
import { pageContentSecurityPolicy } from "@/lib/http/security-headers";

const SIGNED_IN_AREAS = ["/learn", "/admin", "/instructor", "/account"];
/**
 * Route handlers inside those areas answer for themselves: a 401 in the house shape without a
 * session, and they also take a Bearer token, which a redirect to sign-in turned away.
 */
const ROUTE_HANDLERS = ["/account/export"];

/**
 * Runs before every page (not API routes or static files):
 * - while the database is known to be down, answers 503 with Retry-After instead of rendering
 *   (a page that fails renders the error page, which cannot carry a status of its own);
 * - sends visitors without a session cookie in signed-in areas to sign in. That proves nothing:
 *   every page, action and route handler checks the session (and role) on the server;
 * - sets the Content-Security-Policy with a fresh nonce, which Next puts on its scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const config = env();
  const csp = pageContentSecurityPolicy({
    nonce,
    chatUi: config.chat.ui,
    development: !config.isProduction,
    https: config.appUrl.startsWith("https://"),
  });

  const retryAfter = request.method === "GET" ? outageRetryAfter() : null;
  if (retryAfter) return unavailable(retryAfter, csp);

  const { pathname, search } = request.nextUrl;
  const signedInArea =
    SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`)) &&
    !ROUTE_HANDLERS.includes(pathname);
  if (signedInArea && !getSessionCookie(request)) {
    const url = new URL("/sign-in", request.url);
    url.searchParams.set("next", `${pathname}${search}`);
    return NextResponse.redirect(url);
  }

  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  return response;
}

function unavailable(retryAfter: number, csp: string) {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Temporarily unavailable · IntelliStack Tutor</title></head><body><main><h1>We will be right back</h1><p>The database is not answering. This page will work again in a few seconds.</p><p><a href="">Try again</a></p></main></body></html>`;
  return new NextResponse(html, {
    status: 503,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "retry-after": String(retryAfter),
      "cache-control": "no-store",
      "content-security-policy": csp,
    },
  });
}

export const config = {
  matcher: [
    {
      // Pages only: API routes set their own headers, static files need none, and prefetches
      // carry no HTML to protect.
      source: "/((?!api|_next/static|_next/image|favicon.ico|\\.well-known).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
