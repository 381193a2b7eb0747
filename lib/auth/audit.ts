import { getIP } from "better-auth/api";
import type { Executor } from "@/db/client";
import { type AuthEventInput, insertAuthEvent } from "@/db/queries/audit";
import { env } from "@/lib/env";
import { clientIpFrom } from "@/lib/http/client-ip";

/** The parts of a better-auth hook or endpoint context the audit log reads. */
export interface RequestLike {
  request?: Request;
  headers?: Headers;
  context?: { options?: unknown };
}

export function requestMeta(ctx: RequestLike | null | undefined) {
  if (!ctx) return { ip: null, userAgent: null };
  const source = ctx.request ?? ctx.headers;
  const headers = ctx.request?.headers ?? ctx.headers;
  let ip: string | null = null;
  try {
    ip = source ? (getIP(source, ctx.context?.options as never) ?? null) : null;
  } catch {
    ip = null;
  }
  return { ip, userAgent: headers?.get("user-agent") ?? null };
}

/** The same, for a request outside better-auth (a server action): the address the edge resolved. */
export function headersMeta(headers: Headers) {
  return { ip: clientIpFrom(headers, env()), userAgent: headers.get("user-agent") };
}

export type AuditWriter = (event: AuthEventInput) => Promise<void>;

/** Audit writes never break the request they describe: failures are logged, not thrown. */
export function auditWriter(db: Executor): AuditWriter {
  return async (event) => {
    try {
      await insertAuthEvent({ db, event });
    } catch (err) {
      console.error(`[audit] could not record ${event.type}: ${(err as Error).message}`);
    }
  };
}

/** Records what a staff member did, as them: `action` and its details. */
export function auditAdminAction(
  db: Executor,
  actor: { id: string; email: string },
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  return auditWriter(db)({
    type: "admin_action",
    userId: actor.id,
    email: actor.email,
    details: { action, ...details },
  });
}
