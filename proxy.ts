import { type NextRequest, NextResponse } from "next/server";
import { DEV_LEARNER_COOKIE, isLearnerId } from "@/lib/auth/dev-learner";

/**
 * Runs before learner pages. It only makes sure the browser carries a learner cookie; every
 * real check (who the user is, which stages they may see) happens on the server per request.
 */
export function proxy(request: NextRequest) {
  if (isLearnerId(request.cookies.get(DEV_LEARNER_COOKIE)?.value)) return NextResponse.next();
  const id = crypto.randomUUID();
  // Visible to this very request's server components, not only to the next one.
  request.cookies.set(DEV_LEARNER_COOKIE, id);
  const response = NextResponse.next({ request: { headers: request.headers } });
  response.cookies.set(DEV_LEARNER_COOKIE, id, {
    httpOnly: true,
    sameSite: "lax",
    secure: request.nextUrl.protocol === "https:",
    path: "/",
    maxAge: 60 * 60 * 24 * 365,
  });
  return response;
}

export const config = { matcher: ["/learn/:path*"] };
