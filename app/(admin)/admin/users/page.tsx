import type { Metadata } from "next";
import Link from "next/link";
import { QueryProblem } from "@/components/query-problem";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { parsePageQuery, usersQuery } from "@/lib/admin/params";
import { USERS_PAGE, usersPage } from "@/lib/admin/user-admin";
import { requireRole } from "@/lib/auth/session";
import { toRole } from "@/lib/auth/user";
import { UserActions } from "./_components/user-actions";

export const metadata: Metadata = { title: "Users" };

const date = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "—");

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole(["admin"], "/admin/users");
  const { query, problem } = parsePageQuery(usersQuery, await searchParams);
  const { q: search, page } = query;
  const { rows, total } = await usersPage({ db: await getDb(), search, page });
  const pages = Math.max(1, Math.ceil(total / USERS_PAGE));
  const href = (p: number) =>
    `/admin/users?${new URLSearchParams({ ...(search ? { q: search } : {}), page: String(p) })}`;
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">Users</h1>
      <QueryProblem problem={problem} />
      <search>
        <form className="flex max-w-md gap-2">
          <label htmlFor="q" className="sr-only">
            Search by email or name
          </label>
          <Input id="q" name="q" defaultValue={search} placeholder="Search by email or name" />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
      </search>
      <p className="text-muted-foreground text-sm">
        {total} user{total === 1 ? "" : "s"}
        {search ? ` matching “${search}”` : ""}
      </p>
      {/* relative: screen-reader-only labels (position: absolute) scroll with the table, not the page. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a keyboard must be able to scroll the table sideways on a phone (axe scrollable-region-focusable) */}
      <section className="relative overflow-x-auto rounded-lg border" tabIndex={0} aria-label="Table, scrolls sideways">
        <table className="w-full text-sm" data-testid="users-table">
          <thead className="bg-muted/50 text-left">
            <tr>
              <th className="p-2">User</th>
              <th className="p-2">Role</th>
              <th className="p-2">Status</th>
              <th className="p-2">Created</th>
              <th className="p-2">Last sign-in</th>
              <th className="p-2">Actions</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id} className="border-t align-top" data-email={u.email}>
                <td className="p-2">
                  <Link href={`/admin/users/${encodeURIComponent(u.id)}`} className="font-medium">
                    {u.name}
                  </Link>
                  <div className="text-muted-foreground">{u.email}</div>
                </td>
                <td className="p-2">{toRole(u.role)}</td>
                <td className="space-x-1 p-2">
                  <Badge variant={u.emailVerified ? "success" : "secondary"}>
                    {u.emailVerified ? "verified" : "unverified"}
                  </Badge>
                  {u.locked ? <Badge variant="secondary">locked</Badge> : null}
                  {u.banned ? <Badge variant="secondary">banned</Badge> : null}
                </td>
                <td className="whitespace-nowrap p-2">{date(u.createdAt)}</td>
                <td className="whitespace-nowrap p-2">{date(u.lastLoginAt)}</td>
                <td className="p-2">
                  <UserActions
                    userId={u.id}
                    email={u.email}
                    role={toRole(u.role)}
                    locked={u.locked}
                    banned={!!u.banned}
                    verified={u.emailVerified}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
        {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : null}
        <span className="text-muted-foreground">
          Page {page} of {pages}
        </span>
        {page < pages ? <Link href={href(page + 1)}>Next →</Link> : null}
      </nav>
    </div>
  );
}
