import { serializeSignedCookie } from "better-call";
import type { Auth } from "./auth";

/**
 * Runs `fn` with request headers that carry a short-lived session for `userId`. Some server-only
 * endpoints (OAuth client registration) still require a signed-in caller; the CLI acts as an
 * administrator this way. The session is deleted afterwards.
 */
export async function withUserSession<T>(auth: Auth, userId: string, fn: (headers: Headers) => Promise<T>): Promise<T> {
  const ctx = await auth.$context;
  const session = await ctx.internalAdapter.createSession(userId);
  try {
    const cookie = ctx.authCookies.sessionToken;
    const serialized = await serializeSignedCookie(cookie.name, session.token, ctx.secret);
    const headers = new Headers({ cookie: serialized.split(";")[0] as string });
    return await fn(headers);
  } finally {
    await ctx.internalAdapter.deleteSession(session.token);
  }
}
