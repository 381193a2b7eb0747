import "server-only";
import { sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { rowsOf } from "@/db/rows";
import { quotaWindowStart } from "./tutor";

export interface DailyUsage {
  day: string;
  messages: number;
  errors: number;
  errorRate: number;
  p50FirstTokenMs: number | null;
  p95FirstTokenMs: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Answers rated that day (by when the learner rated them). */
  thumbsUp: number;
  thumbsDown: number;
}

/** Per day in [from, to]: turns, errors, time-to-first-token percentiles and tokens (from ai_event). */
export async function dailyUsage({
  db,
  from,
  to,
  userId,
}: {
  db: Executor;
  from: Date;
  to: Date;
  userId?: string;
}): Promise<DailyUsage[]> {
  const who = userId ? sql`and user_id = ${userId}` : sql``;
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(date_trunc('day', created_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
             count(*)::int as messages,
             count(*) filter (where outcome = 'error')::int as errors,
             percentile_cont(0.5) within group (order by first_token_ms) as p50,
             percentile_cont(0.95) within group (order by first_token_ms) as p95,
             coalesce(sum(input_tokens), 0)::bigint as input_tokens,
             coalesce(sum(output_tokens), 0)::bigint as output_tokens
      from ai_event
      where created_at >= ${from.toISOString()} and created_at < ${to.toISOString()} ${who}
      group by 1 order by 1`),
  );
  const votes = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select to_char(date_trunc('day', updated_at at time zone 'UTC'), 'YYYY-MM-DD') as day,
             count(*) filter (where kind = 'positive')::int as up,
             count(*) filter (where kind = 'negative')::int as down
      from tutor_feedback
      where updated_at >= ${from.toISOString()} and updated_at < ${to.toISOString()} ${who}
      group by 1`),
  );
  const votesByDay = new Map(votes.map((v) => [String(v.day), v]));
  const byDay = new Map(rows.map((r) => [String(r.day), r]));
  // Every day of the range, zeros included, so a chart shows quiet days as quiet.
  const days: Record<string, unknown>[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += 86_400_000) {
    const day = new Date(t).toISOString().slice(0, 10);
    days.push(
      byDay.get(day) ?? { day, messages: 0, errors: 0, p50: null, p95: null, input_tokens: 0, output_tokens: 0 },
    );
  }
  return days.map((r) => ({
    day: String(r.day),
    messages: Number(r.messages),
    errors: Number(r.errors),
    errorRate: Number(r.messages) === 0 ? 0 : Number(r.errors) / Number(r.messages),
    p50FirstTokenMs: r.p50 === null ? null : Math.round(Number(r.p50)),
    p95FirstTokenMs: r.p95 === null ? null : Math.round(Number(r.p95)),
    inputTokens: Number(r.input_tokens),
    outputTokens: Number(r.output_tokens),
    thumbsUp: Number(votesByDay.get(String(r.day))?.up ?? 0),
    thumbsDown: Number(votesByDay.get(String(r.day))?.down ?? 0),
  }));
}

interface TopUser {
  userId: string;
  email: string;
  messages: number;
  tokens: number;
}

export async function topUsers({
  db,
  from,
  to,
  limit,
}: {
  db: Executor;
  from: Date;
  to: Date;
  limit: number;
}): Promise<TopUser[]> {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select e.user_id, coalesce(u.email, '(deleted account)') as email, count(*)::int as messages,
             coalesce(sum(e.input_tokens + e.output_tokens), 0)::bigint as tokens
      from ai_event e left join "user" u on u.id = e.user_id
      where e.created_at >= ${from.toISOString()} and e.created_at < ${to.toISOString()}
      group by e.user_id, u.email order by messages desc, e.user_id limit ${limit}`),
  );
  return rows.map((r) => ({
    userId: String(r.user_id),
    email: String(r.email),
    messages: Number(r.messages),
    tokens: Number(r.tokens),
  }));
}

/**
 * Students who have used their whole rolling-24-hour allowance: their own limit where an admin
 * set one, and counting only messages after an admin's reset.
 */
export async function studentsAtQuota({ db, limit }: { db: Executor; limit: number }) {
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select u.id, u.email, count(m.id)::int as used, coalesce(l.daily_limit, ${limit})::int as lim
      from tutor_message m join "user" u on u.id = m.user_id left join tutor_limit l on l.user_id = u.id
      where m.created_at > greatest(${quotaWindowStart}, coalesce(l.reset_at, '-infinity'::timestamptz))
        and coalesce(u.role, 'student') = 'student'
      group by u.id, u.email, l.daily_limit
      having count(m.id) >= coalesce(l.daily_limit, ${limit}) order by used desc`),
  );
  return rows.map((r) => ({
    userId: String(r.id),
    email: String(r.email),
    used: Number(r.used),
    limit: Number(r.lim),
  }));
}
