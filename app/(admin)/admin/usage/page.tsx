import type { Metadata } from "next";
import Link from "next/link";
import { QueryProblem } from "@/components/query-problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { parsePageQuery, usageQuery } from "@/lib/admin/params";
import { usageReport } from "@/lib/admin/usage";
import { requireRole } from "@/lib/auth/session";
import { plural } from "@/lib/plural";
import { UsageCharts } from "./_components/usage-charts";

export const metadata: Metadata = { title: "AI usage" };

export default async function UsagePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireRole(["admin"], "/admin/usage");
  const raw = await searchParams;
  const { query: q, problem } = parsePageQuery(usageQuery, raw);
  const { days, topUsers: top, studentsAtQuota: atQuota } = await usageReport({ db: await getDb(), ...q });
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const totals = days.reduce(
    (t, d) => ({
      messages: t.messages + d.messages,
      errors: t.errors + d.errors,
      up: t.up + d.thumbsUp,
      down: t.down + d.thumbsDown,
    }),
    { messages: 0, errors: 0, up: 0, down: 0 },
  );
  const rated = days.filter((d) => d.thumbsUp + d.thumbsDown > 0).reverse();
  return (
    <div className="space-y-6">
      <h1 className="font-bold text-2xl">AI usage{q.userId ? " for one learner" : ""}</h1>
      <QueryProblem problem={problem} />
      <form className="flex flex-wrap items-center gap-x-4 gap-y-2" aria-label="Date range">
        {/* Each label stays with its field when the row wraps on a phone. */}
        <div className="flex items-center gap-2">
          <label className="w-10 text-sm sm:w-auto" htmlFor="usage-from">
            From
          </label>
          <Input id="usage-from" type="date" name="from" className="w-auto" defaultValue={raw.from ?? iso(q.from)} />
        </div>
        <div className="flex items-center gap-2">
          <label className="w-10 text-sm sm:w-auto" htmlFor="usage-to">
            To
          </label>
          <Input
            id="usage-to"
            type="date"
            name="to"
            className="w-auto"
            defaultValue={raw.to ?? iso(new Date(q.to.getTime() - 86_400_000))}
          />
        </div>
        {q.userId ? <input type="hidden" name="userId" value={q.userId} /> : null}
        <Button type="submit" variant="secondary">
          Show
        </Button>
        {q.userId ? (
          <Link href="/admin/usage" className="text-sm">
            All learners
          </Link>
        ) : null}
      </form>
      <p className="text-sm" data-testid="usage-totals">
        {plural(totals.messages, "tutor turn")}, {plural(totals.errors, "error")}, {totals.up} thumbs up and{" "}
        {totals.down} thumbs down in this range.
      </p>
      <UsageCharts days={days} />
      <section aria-labelledby="feedback-title">
        <h2 id="feedback-title" className="mb-2 font-semibold">
          Feedback per day
        </h2>
        {rated.length === 0 ? (
          <p className="text-muted-foreground text-sm">No answers were rated in this range.</p>
        ) : (
          <table className="w-full max-w-md text-sm" data-testid="feedback-table">
            <thead className="text-left text-muted-foreground">
              <tr>
                <th className="py-1 font-medium">Day</th>
                <th className="py-1 text-right font-medium">Thumbs up</th>
                <th className="py-1 text-right font-medium">Thumbs down</th>
              </tr>
            </thead>
            <tbody>
              {rated.map((d) => (
                <tr key={d.day} className="border-t" data-day={d.day}>
                  <td className="py-1">{d.day}</td>
                  <td className="py-1 text-right tabular-nums">{d.thumbsUp}</td>
                  <td className="py-1 text-right tabular-nums">{d.thumbsDown}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <div className="grid gap-6 lg:grid-cols-2">
        <section>
          <h2 className="mb-2 font-semibold">Most active learners</h2>
          {top.length === 0 ? (
            <p className="text-muted-foreground text-sm">Nobody has asked the tutor in this range.</p>
          ) : null}
          <ol className="space-y-1 text-sm">
            {top.map((u) => (
              <li key={u.userId}>
                <Link href={`/admin/usage?userId=${encodeURIComponent(u.userId)}`}>{u.email}</Link> —{" "}
                {plural(u.messages, "turn")}, {plural(u.tokens, "token")}
              </li>
            ))}
          </ol>
        </section>
        <section>
          <h2 className="mb-2 font-semibold">At their daily limit now</h2>
          {atQuota.length === 0 ? <p className="text-muted-foreground text-sm">Nobody.</p> : null}
          <ul className="space-y-1 text-sm">
            {atQuota.map((u) => (
              <li key={u.userId}>
                <Link href={`/admin/users/${encodeURIComponent(u.userId)}`}>{u.email}</Link> ({u.used}/{u.limit})
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
