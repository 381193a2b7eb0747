import "server-only";
import type { z } from "zod";
import { type Db, getDb } from "@/db/client";
import { parseQuery } from "@/lib/admin/params";
import type { Role } from "@/lib/auth/roles";
import { requireApiRole, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { isCrossOriginWrite } from "@/lib/http/origin";
import { apiRoute, NO_STORE } from "./api-route";

export interface RouteContext<Q> {
  request: Request;
  user: SessionUser;
  db: Db;
  query: Q;
}

/**
 * Wraps a staff API route handler: a state-changing request must come from the app's own
 * origin (403 `http:cross_origin`), the caller (cookie or Bearer JWT) must have one of `role`
 * (and, for admins, two-step verification when required), the query string is parsed by
 * `query` (400 `admin:invalid_query`), and whatever is thrown becomes the house error body
 * (apiRoute). A handler returns a Response or data to send as JSON.
 */
export function staffRoute<S extends z.ZodType>(
  options: { role: readonly Role[]; query: S },
  handler: (ctx: RouteContext<z.output<S>>) => Promise<Response | object>,
): (request: Request) => Promise<Response> {
  return apiRoute(async (request: Request) => {
    if (isCrossOriginWrite(request.method, request.headers, env().appUrl)) throw new AppError("http:cross_origin");
    const user = await requireApiRole(request, [...options.role]);
    const query = parseQuery(options.query, new URL(request.url).searchParams);
    const result = await handler({ request, user, db: await getDb(), query });
    return result instanceof Response ? result : Response.json(result, { headers: NO_STORE });
  });
}
