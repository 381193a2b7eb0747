import type { Metadata } from "next";
import Link from "next/link";
import { QueryProblem } from "@/components/query-problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { encodeCursor, listAuthEvents } from "@/db/queries/admin-audit";
import { authEventTypes } from "@/db/schema";
import { actedBy } from "@/lib/admin/audit-actor";
import { displayIp } from "@/lib/admin/ip";
import { AUDIT_FILTER_KEYS, auditFilter, auditQuery, parsePageQuery } from "@/lib/admin/params";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit log" };

type Params = Record<string, string | undefined>;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Params> }) {
  await requireRole(["admin"], "/admin/audit");
  const raw = await searchParams;
  const { query: q, problem } = parsePageQuery(auditQuery, raw);
  const filter = auditFilter(q);
  const { rows, next } = await listAuthEvents({
    db: await getDb(),
    filter,
    limit: q.limit,
    cursor: q.cursor,
  });
  const keep = Object.fromEntries(AUDIT_FILTER_KEYS.map((k) => [k, raw[k]]).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const csv = `/api/admin/auth-events?${new URLSearchParams({ ...keep, format: "csv" })}`;
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">Audit log</h1>
      <form
        className="grid gap-2 sm:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
        aria-label="Filter the audit log"
      >
        <select
          name="type"
          defaultValue={raw.type ?? ""}
          aria-label="Event type"
          className="h-9 rounded-md border bg-background px-2 text-sm"
        >
          <option value="">All types</option>
          {authEventTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <Input
          name="who"
          defaultValue={raw.who}
          placeholder="Email or user id"
          aria-label="Email or user id (the account, or who acted)"
        />
        <Input name="ip" defaultValue={raw.ip} placeholder="IP address or “local”" aria-label="IP address" />
        {/* Named on screen too: a date field alone shows only "mm/dd/yyyy". */}
        <label htmlFor="audit-from" className="flex items-center gap-1.5 text-muted-foreground text-sm">
          From
          <Input
            id="audit-from"
            name="from"
            type="date"
            defaultValue={raw.from}
            aria-label="From date"
            className="min-w-0"
          />
        </label>
        <label htmlFor="audit-to" className="flex items-center gap-1.5 text-muted-foreground text-sm">
          To
          <Input id="audit-to" name="to" type="date" defaultValue={raw.to} aria-label="To date" className="min-w-0" />
        </label>
        <div className="flex gap-2">
          <Button type="submit" variant="secondary">
            Filter
          </Button>
          <Button asChild variant="outline">
            <a href={csv}>Export CSV</a>
          </Button>
        </div>
      </form>
      <QueryProblem problem={problem} />
      {/* relative: screen-reader-only labels (position: absolute) scroll with the table, not the page. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must be able to scroll the table sideways on a phone (axe scrollable-region-focusable) */}
      <section className="relative overflow-x-auto rounded-lg border" tabIndex={0} aria-label="Table, scrolls sideways">
        <table className="w-full min-w-[58rem] text-sm" data-testid="audit-table">
          <thead className="bg-muted/50 text-left">
            <tr>
              <th className="p-2">When (UTC)</th>
              <th className="p-2">Type</th>
              <th className="p-2">Account</th>
              <th className="p-2">By</th>
              <th className="p-2">IP</th>
              <th className="p-2">Details</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id} className="border-t align-top">
                <td className="whitespace-nowrap p-2">{e.createdAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                <td className="p-2 font-mono text-xs">{e.type}</td>
                <td className="min-w-44 p-2 [overflow-wrap:anywhere]">{e.email ?? e.userId ?? "—"}</td>
                <td className="min-w-40 p-2 [overflow-wrap:anywhere]" data-testid="audit-by">
                  {actedBy(e) ?? <span className="text-muted-foreground">—</span>}
                </td>
                <td className="whitespace-nowrap p-2 font-mono text-xs" title={displayIp(e.ip).title}>
                  {displayIp(e.ip).text}
                </td>
                <td className="min-w-64 break-all p-2 font-mono text-xs">{JSON.stringify(e.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {next ? (
        <Link className="text-sm" href={`/admin/audit?${new URLSearchParams({ ...keep, cursor: encodeCursor(next) })}`}>
          Older events →
        </Link>
      ) : null}
    </div>
  );
}
