import { z } from "zod";
import { decodeCursor } from "@/db/queries/admin-audit";
import { authEventTypes } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { isStorableText } from "@/lib/http/input";
import { ipFilterForms } from "./ip";

/**
 * A calendar day within the years the app can have data for. Without the bounds, 9999-12-31
 * plus a day is year 10000, which neither Date#toISOString nor Postgres takes as a timestamp.
 */
const day = z.iso
  .date()
  .refine((d) => d >= "2000-01-01" && d <= "2199-12-31", { message: "must be a day between 2000 and 2199" })
  .transform((d) => new Date(`${d}T00:00:00Z`));
const blank = (v: unknown) => (v === "" ? undefined : v);

/** Audit-log query parameters, shared by the page and GET /api/admin/auth-events. */
export const auditQuery = z.object({
  type: z.preprocess(blank, z.enum(authEventTypes).optional()),
  who: z.preprocess(blank, z.string().trim().max(254).optional()),
  ip: z.preprocess(blank, z.string().trim().max(64).optional()),
  from: z.preprocess(blank, day.optional()),
  /** Inclusive: the whole "to" day counts. */
  to: z.preprocess(blank, day.transform((d) => new Date(d.getTime() + 86_400_000 - 1)).optional()),
  /** A position from a previous page (what "Older events" links carry); anything else is a 400. */
  cursor: z.preprocess(
    blank,
    z
      .string()
      .max(200)
      .transform((value, ctx) => {
        const cursor = decodeCursor(value);
        if (!cursor) ctx.addIssue({ code: "custom", message: "is not a cursor from a previous page" });
        return cursor;
      })
      .optional(),
  ),
  limit: z.preprocess(blank, z.coerce.number().int().min(1).max(500).default(50)),
  format: z.preprocess(blank, z.enum(["json", "csv"]).default("json")),
});

/** The filter part of an audit query (what the list, the CSV and its audit entry use). */
export const AUDIT_FILTER_KEYS = ["type", "who", "ip", "from", "to"] as const;

export function auditFilter(q: z.infer<typeof auditQuery>) {
  return { type: q.type, who: q.who, ip: q.ip ? ipFilterForms(q.ip) : undefined, from: q.from, to: q.to };
}

/** AI-usage parameters: a range of days (default the last 14) and an optional user. */
export const usageQuery = z
  .object({
    from: z.preprocess(blank, day.optional()),
    to: z.preprocess(blank, day.optional()),
    userId: z.preprocess(blank, z.string().max(100).optional()),
  })
  .transform((q) => {
    const to = q.to
      ? new Date(q.to.getTime() + 86_400_000)
      : new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + 1));
    const from = q.from ?? new Date(to.getTime() - 14 * 86_400_000);
    return { from, to, userId: q.userId };
  })
  .refine((q) => q.from < q.to && q.to.getTime() - q.from.getTime() <= 366 * 86_400_000, {
    message: "the range must be 1 to 366 days",
  });

/** /admin/users: a search and a page number. */
export const usersQuery = z.object({
  q: z.preprocess(blank, z.string().trim().max(100).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).max(1_000_000).default(1)),
});

/** /admin/threads: whose threads (email or name, partial). */
export const threadsQuery = z.object({
  who: z.preprocess(blank, z.string().trim().max(254).optional()),
});

export function parseQuery<T extends z.ZodType>(
  schema: T,
  params: URLSearchParams | Record<string, string | string[] | undefined>,
): z.infer<T> {
  const entries =
    params instanceof URLSearchParams
      ? Object.fromEntries(params)
      : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  for (const [key, value] of Object.entries(entries)) {
    if (!isStorableText(key) || (typeof value === "string" && !isStorableText(value)))
      throw new AppError("admin:invalid_query", `Invalid ${key}: contains a character that is not allowed.`);
  }
  const result = schema.safeParse(entries);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new AppError("admin:invalid_query", `Invalid ${issue?.path.join(".") || "query"}: ${issue?.message}`);
  }
  return result.data;
}

/**
 * For pages: the parsed query, or the defaults with a sentence saying what was wrong. This is a
 * page's "400": the page shows the sentence above its defaults (QueryProblem) rather than an
 * error page, so a mistyped filter costs one glance. APIs answer the same problem as a 400.
 */
export function parsePageQuery<T extends z.ZodType>(
  schema: T,
  params: Record<string, string | string[] | undefined>,
): { query: z.infer<T>; problem: string | null } {
  try {
    return { query: parseQuery(schema, params), problem: null };
  } catch (err) {
    return { query: schema.parse({}), problem: err instanceof AppError ? err.message : "Invalid filter." };
  }
}
