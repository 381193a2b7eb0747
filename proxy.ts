import { getSessionCookie } from "better-auth/cookies";
import { type NextRequest, NextResponse } from "next/server";

/**
 * Runs before signed-in areas and only checks that a session cookie exists, sending visitors
 * without one to sign in. It proves nothing: every page, action and route handler checks the
 * session (and role) on the server for every request.
 */
export function proxy(request: NextRequest) {
  if (getSessionCookie(request)) return NextResponse.next();
  const url = new URL("/sign-in", request.url);
  url.searchParams.set("next", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  return NextResponse.redirect(url);
}

export const config = { matcher: ["/learn/:path*", "/admin/:path*", "/instructor/:path*", "/account/:path*"] };
