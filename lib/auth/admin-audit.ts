import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { type AuditWriter, requestMeta } from "./audit";
import { toRole } from "./user";

type Ctx = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];
type Body = Record<string, unknown> | undefined;

/**
 * Endpoints of the admin plugin that the app does not offer. Impersonation would let an admin
 * act as a learner with nothing on screen to say so; it is switched off over HTTP
 * (disabledPaths) and refused here for server-side calls too.
 */
export const DISABLED_ADMIN_PATHS = ["/admin/impersonate-user", "/admin/stop-impersonating"];

const str = (v: unknown) => (typeof v === "string" ? v : undefined);

/** The role an admin call sets, if it sets one (set-role, create-user, update-user). */
function roleSet(path: string, body: Body): string | undefined {
  if (path === "/admin/set-role" || path === "/admin/create-user") {
    const role = body?.role;
    return Array.isArray(role) ? role.join(",") : str(role);
  }
  if (path === "/admin/update-user") return str((body?.data as Body)?.role);
  return undefined;
}

interface Pending {
  actor: { id: string; email: string; role: string } | null;
  /** The role is the one before the call (a role change records what it changed from). */
  target: { id: string; email: string; role: string | null } | null;
}

interface AuditOptions {
  audit: AuditWriter;
  /** Admins without two-step verification may not call these endpoints over HTTP. */
  requireTwoFactor: boolean;
  /** Which of the plugin's endpoints to audit (default: all of them). */
  include?: (path: string) => boolean;
  /** Audit only calls that came over HTTP (server-side callers write their own events). */
  httpOnly?: boolean;
}

/**
 * Wraps a better-auth plugin so that every one of its (included) endpoints — whatever page,
 * script or direct HTTP call reaches it — writes an `admin_action` audit event (who, on whom,
 * which endpoint, the outcome), and a `role_change` event when a role is set. The paths come
 * from the plugin's own endpoint list, so an endpoint added by a later better-auth version is
 * audited without anyone remembering to. Impersonation is refused. With `requireTwoFactor`, an
 * admin without two-step verification cannot call these endpoints over HTTP.
 */
export function audited<P extends BetterAuthPlugin>(
  plugin: P,
  { audit, requireTwoFactor, include = () => true, httpOnly = false }: AuditOptions,
): P {
  const paths = new Set(
    Object.values(plugin.endpoints ?? {})
      .map((endpoint) => (endpoint as { path: string }).path)
      .filter(include),
  );
  const matcher = (ctx: { path?: string }) => paths.has(ctx.path ?? "");
  const pending = new WeakMap<object, Pending>();

  const before = createAuthMiddleware(async (ctx: Ctx) => {
    if (DISABLED_ADMIN_PATHS.includes(ctx.path)) {
      throw new APIError("NOT_FOUND", { code: "NOT_FOUND", message: "Impersonation is not available." });
    }
    const session = await getSessionFromCtx(ctx).catch(() => null);
    const user = session?.user as { id: string; email: string; role?: string; twoFactorEnabled?: boolean } | undefined;
    if (
      requireTwoFactor &&
      ctx.request &&
      user &&
      toRole(user.role) === "admin" &&
      !user.twoFactorEnabled &&
      ctx.path !== "/admin/has-permission"
    ) {
      throw new APIError("FORBIDDEN", {
        code: "TWO_FACTOR_REQUIRED",
        message: "Turn on two-step verification before using administration endpoints.",
      });
    }
    const body = ctx.body as Body;
    const targetId = str(body?.userId) ?? (ctx.path.startsWith("/admin/") ? str((ctx.query as Body)?.id) : undefined);
    const target = targetId ? await ctx.context.internalAdapter.findUserById(targetId).catch(() => null) : null;
    pending.set(ctx.context, {
      actor: user ? { id: user.id, email: user.email, role: toRole(user.role) } : null,
      target: target
        ? { id: target.id, email: target.email, role: (target as { role?: string | null }).role ?? null }
        : null,
    });
  });

  const after = createAuthMiddleware(async (ctx: Ctx) => {
    if (httpOnly && !ctx.request) return;
    const known = pending.get(ctx.context) ?? { actor: null, target: null };
    const body = ctx.body as Body;
    const returned = ctx.context.returned;
    const failed = isAPIError(returned) && returned.statusCode >= 400;
    const created = !failed && ctx.path === "/admin/create-user" ? (returned as { user?: { id: string } })?.user : null;
    const target = known.target ?? (created ? { id: created.id, email: str(body?.email) ?? "", role: null } : null);
    // A client registered over HTTP: its id is only in the answer (/admin/oauth records it too).
    const clientId = str(body?.client_id) ?? (failed ? undefined : str((returned as Body)?.client_id));
    const role = roleSet(ctx.path, body);
    const meta = requestMeta(ctx);
    const event = {
      userId: target?.id ?? null,
      email: target?.email ?? str(body?.email) ?? null,
      ...meta,
    };
    await audit({
      ...event,
      type: "admin_action",
      details: {
        action: ctx.path.replace(/^\/(admin\/)?/, ""),
        ...(clientId ? { clientId } : {}),
        // The actor by id only: their email is read from the user table while the account
        // exists, so deleting it leaves no trace of them here (docs/api.md, auth-events).
        by: known.actor?.id ?? null,
        outcome: failed ? (returned as APIError).statusCode : "ok",
        via: ctx.request ? "http" : "server",
        ...(role ? { role } : {}),
      },
    });
    if (role && !failed) {
      await audit({
        ...event,
        type: "role_change",
        details: { role, from: target?.role ?? null, by: known.actor?.id ?? null },
      });
    }
  });

  return {
    ...plugin,
    hooks: {
      before: [...(plugin.hooks?.before ?? []), { matcher, handler: before }],
      after: [...(plugin.hooks?.after ?? []), { matcher, handler: after }],
    },
  };
}
