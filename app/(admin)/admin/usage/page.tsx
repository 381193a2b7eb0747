import type { Metadata } from "next";
import Link from "next/link";
import { QueryProblem } from "@/components/query-problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { parsePageQuery, usageQuery } from "@/lib/admin/params";
import { usageReport } from "@/lib/admin/usage";
import { requireRole } from "@/lib/auth/session";
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
  const totals = days.reduce((t, d) => ({ messages: t.messages + d.messages, errors: t.errors + d.errors }), {
    messages: 0,
    errors: 0,
  });
  return (
    <div className="space-y-6">
      <h1 className="font-bold text-2xl">AI usage{q.userId ? " for one learner" : ""}</h1>
      <QueryProblem problem={problem} />
      <form className="flex flex-wrap items-end gap-2" aria-label="Date range">
        <label className="text-sm" htmlFor="usage-from">
          From
        </label>
        <Input id="usage-from" type="date" name="from" className="w-auto" defaultValue={raw.from ?? iso(q.from)} />
        <label className="text-sm" htmlFor="usage-to">
          To
        </label>
        <Input
          id="usage-to"
          type="date"
          name="to"
          className="w-auto"
          defaultValue={raw.to ?? iso(new Date(q.to.getTime() - 86_400_000))}
        />
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
        {totals.messages} tutor turns, {totals.errors} errors in this range.
      </p>
      <UsageCharts days={days} />
      <div className="grid gap-6 lg:grid-cols-2">
        <section>
          <h2 className="mb-2 font-semibold">Most active learners</h2>
          {top.length === 0 ? (
            <p className="text-muted-foreground text-sm">Nobody has asked the tutor in this range.</p>
          ) : null}
          <ol className="space-y-1 text-sm">
            {top.map((u) => (
              <li key={u.userId}>
                <Link href={`/admin/usage?userId=${encodeURIComponent(u.userId)}`}>{u.email}</Link> — {u.messages}{" "}
                turns, {u.tokens} tokens
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
                {u.email} ({u.used})
              </li>
            ))}
          </ul>
        </section>
      </div>
    </div>
  );
}
