import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { listCourses } from "@/db/queries/content";
import { listEnrollmentsForAdmin } from "@/db/queries/enrollment";
import { enrollmentStatuses } from "@/db/schema";
import { parseQuery } from "@/lib/admin/params";
import { requireRole } from "@/lib/auth/session";
import { CONVERSATION_RETENTION_DAYS } from "@/lib/enrolment/enrolment";
import { BULK_FORM_ID, BulkEndForm } from "./_components/bulk-end-form";
import { EmailListForm } from "./_components/email-list-form";
import { EnrolmentRowActions } from "./_components/row-actions";

export const metadata: Metadata = { title: "Enrolments" };

const PAGE = 50;
const blank = (v: unknown) => (v === "" ? undefined : v);
const query = z.object({
  q: z.preprocess(blank, z.string().trim().max(100).optional()),
  status: z.preprocess(blank, z.enum(enrollmentStatuses).optional()),
  course: z.preprocess(blank, z.string().max(100).optional()),
  page: z.preprocess(blank, z.coerce.number().int().min(1).default(1)),
});

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");

export default async function EnrolmentsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  await requireRole(["admin"], "/admin/enrolments");
  const q = parseQuery(query, await searchParams);
  const db = await getDb();
  const courses = await listCourses({ db });
  const courseId = courses.find((c) => c.id === q.course)?.id ?? courses[0]?.id;
  if (!courseId) {
    return <p className="text-sm">No course is loaded yet (`npm run db:seed`), so nobody is enrolled.</p>;
  }
  const { rows, total } = await listEnrollmentsForAdmin({
    db,
    filter: { courseId, search: q.q, status: q.status },
    limit: PAGE,
    offset: (q.page - 1) * PAGE,
  });
  const pages = Math.max(1, Math.ceil(total / PAGE));
  const href = (p: number) =>
    `/admin/enrolments?${new URLSearchParams({
      ...(q.q ? { q: q.q } : {}),
      ...(q.status ? { status: q.status } : {}),
      ...(q.course ? { course: q.course } : {}),
      page: String(p),
    })}`;

  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <h1 className="font-bold text-2xl">Enrolments</h1>
        <p className="max-w-3xl text-muted-foreground text-sm">
          Learners are enrolled when they sign up. Ending an enrolment (completed or withdrawn) closes the tutor and
          freezes progress; lessons stay readable. The learner's conversations are deleted {CONVERSATION_RETENTION_DAYS}{" "}
          days after the end date (<Link href="/admin/retention">Retention</Link>). Reopening stops that. Every change
          is written to the audit log.
        </p>
      </header>

      <search>
        <form className="flex flex-wrap items-end gap-2" aria-label="Filter enrolments">
          <div className="grid gap-1 text-sm">
            <label htmlFor="enrolments-q" className="text-muted-foreground text-xs">
              Learner
            </label>
            <Input id="enrolments-q" name="q" defaultValue={q.q} placeholder="Email or name" className="w-56" />
          </div>
          <label className="grid gap-1 text-sm">
            <span className="text-muted-foreground text-xs">Status</span>
            <select name="status" defaultValue={q.status ?? ""} className="h-9 rounded-md border bg-background px-2">
              <option value="">any</option>
              {enrollmentStatuses.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          {courses.length > 1 ? (
            <label className="grid gap-1 text-sm">
              <span className="text-muted-foreground text-xs">Course</span>
              <select name="course" defaultValue={courseId} className="h-9 rounded-md border bg-background px-2">
                {courses.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.title}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <Button type="submit" variant="secondary">
            Show
          </Button>
        </form>
      </search>

      <section aria-labelledby="list-title" className="space-y-3">
        <h2 id="list-title" className="font-semibold">
          {total} enrolment{total === 1 ? "" : "s"}
          {q.status ? ` ${q.status}` : ""}
          {q.q ? ` matching “${q.q}”` : ""}
        </h2>
        <BulkEndForm courseId={courseId} />
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm max-sm:block" data-testid="enrolments-table">
            <thead className="bg-muted/50 text-left max-sm:hidden">
              <tr>
                <th className="w-8 p-2">
                  <span className="sr-only">Select</span>
                </th>
                <th className="p-2">Learner</th>
                <th className="p-2">Status</th>
                <th className="p-2">Started</th>
                <th className="p-2">Ended</th>
                <th className="p-2 text-right">Conversations</th>
                <th className="p-2">Change</th>
              </tr>
            </thead>
            {/* On a phone each row stacks into a small card beside its checkbox. */}
            <tbody className="max-sm:block">
              {rows.map((r) => (
                <tr
                  key={r.id}
                  className="border-t align-top max-sm:grid max-sm:grid-cols-[2rem_minmax(0,1fr)] max-sm:gap-y-1 max-sm:py-2 max-sm:first:border-t-0"
                  data-email={r.email}
                >
                  <td className="p-2 max-sm:row-span-4 max-sm:pt-0.5">
                    {r.status === "active" ? (
                      <input
                        type="checkbox"
                        name="userId"
                        value={r.userId}
                        form={BULK_FORM_ID}
                        aria-label={`Select ${r.email}`}
                        className="mt-1 size-4"
                      />
                    ) : null}
                  </td>
                  <td className="p-2 max-sm:p-0 max-sm:pr-2">
                    <Link href={`/admin/users/${encodeURIComponent(r.userId)}`} className="font-medium">
                      {r.name}
                    </Link>
                    <div className="break-all text-muted-foreground">{r.email}</div>
                  </td>
                  <td className="p-2 max-sm:p-0">
                    <Badge variant={r.status === "active" ? "success" : "secondary"}>{r.status}</Badge>
                  </td>
                  <td className="whitespace-nowrap p-2 max-sm:p-0 max-sm:text-muted-foreground max-sm:text-xs">
                    <span className="sm:hidden">started </span>
                    {day(r.startedAt)}
                    <span className="sm:hidden">
                      {r.endedAt ? ` · ended ${day(r.endedAt)}` : ""} · {r.threads} conversation
                      {r.threads === 1 ? "" : "s"}
                    </span>
                  </td>
                  <td className="whitespace-nowrap p-2 max-sm:hidden">{day(r.endedAt)}</td>
                  <td className="p-2 text-right tabular-nums max-sm:hidden">{r.threads}</td>
                  <td className="p-2 max-sm:col-start-2 max-sm:p-0 max-sm:pt-1">
                    <EnrolmentRowActions
                      courseId={courseId}
                      userId={r.userId}
                      email={r.email}
                      active={r.status === "active"}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <nav aria-label="Pages" className="flex items-center gap-3 text-sm">
          {q.page > 1 ? <Link href={href(q.page - 1)}>← Previous</Link> : null}
          <span className="text-muted-foreground">
            Page {q.page} of {pages}
          </span>
          {q.page < pages ? <Link href={href(q.page + 1)}>Next →</Link> : null}
        </nav>
      </section>

      <section aria-labelledby="list-end-title" className="max-w-2xl space-y-2">
        <h2 id="list-end-title" className="font-semibold">
          End many from a list of emails
        </h2>
        <p className="text-muted-foreground text-sm">
          Paste the emails or upload a .txt or .csv file. Nothing changes until you confirm after the preview.
        </p>
        <EmailListForm courseId={courseId} />
      </section>
    </div>
  );
}
