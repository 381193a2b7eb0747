import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { plural } from "@/lib/plural";
import { previewRetention } from "@/lib/retention";
import { RunNowForm } from "./_components/run-now-form";

export const metadata: Metadata = { title: "Retention" };

const day = (d: Date) => d.toISOString().slice(0, 10);

export default async function RetentionPage() {
  await requireRole(["admin"], "/admin/retention");
  const preview = await previewRetention({ db: await getDb() });
  const due = preview.enrolments.filter((e) => e.due);
  const waiting = preview.enrolments.filter((e) => !e.due);
  const logTotal = preview.logs.authEvents + preview.logs.aiEvents + preview.logs.usageDays + preview.logs.feedback;
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="font-bold text-2xl">Retention</h1>
      <p className="text-sm">
        A learner's tutor conversations are deleted {preview.conversationDays} days after their enrolment ended (see{" "}
        <Link href="/admin/enrolments">Enrolments</Link>). Audit-log and AI-usage rows are kept for {preview.logDays}{" "}
        days (<code>AUDIT_RETENTION_DAYS</code>). The job runs every day at 02:00 UTC; expired sign-in tokens and old
        counters are cleaned up with it.
      </p>

      <section aria-labelledby="next-run" className="space-y-3 rounded-lg border p-4">
        <h2 id="next-run" className="font-semibold">
          The next run deletes
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="retention-summary">
          <li data-testid="retention-due-threads">
            {plural(preview.threadsDue, "conversation")} of {plural(due.length, "learner")} whose enrolment ended more
            than {preview.conversationDays} days ago
          </li>
          <li data-testid="retention-due-logs">
            {plural(logTotal, "log row")} older than {preview.logDays} days: {preview.logs.authEvents} audit events,{" "}
            {preview.logs.aiEvents} tutor turns, {preview.logs.usageDays} daily usage rows, {preview.logs.feedback}{" "}
            feedback votes
          </li>
        </ul>
        <RunNowForm />
      </section>

      <EnrolmentTable
        id="due"
        title="Conversations due for deletion"
        empty="No ended enrolment is older than 30 days with conversations left."
        rows={due}
      />
      <EnrolmentTable
        id="waiting"
        title="Waiting out their 30 days"
        empty="No recently ended enrolment has conversations."
        rows={waiting}
      />
    </div>
  );
}

function EnrolmentTable({
  id,
  title,
  empty,
  rows,
}: {
  id: string;
  title: string;
  empty: string;
  rows: Awaited<ReturnType<typeof previewRetention>>["enrolments"];
}) {
  return (
    <section aria-labelledby={`${id}-title`} className="space-y-2">
      <h2 id={`${id}-title`} className="font-semibold">
        {title}
      </h2>
      {rows.length === 0 ? (
        <p className="text-muted-foreground text-sm">{empty}</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <table className="w-full text-sm max-sm:block" data-testid={`retention-${id}`}>
            <thead className="bg-muted/50 text-left max-sm:hidden">
              <tr>
                <th className="p-2">Learner</th>
                <th className="p-2">Enrolment</th>
                <th className="p-2">Ended</th>
                <th className="p-2 text-right">Conversations</th>
                <th className="p-2">Deleted</th>
              </tr>
            </thead>
            {/* On a phone each row stacks into a small card, so nothing hides off to the right. */}
            <tbody className="max-sm:block">
              {rows.map((r) => (
                <tr
                  key={`${r.userId}-${r.courseTitle}`}
                  className="border-t max-sm:block max-sm:space-y-1 max-sm:p-3 max-sm:first:border-t-0"
                  data-email={r.email}
                >
                  <td className="p-2 max-sm:block max-sm:p-0">
                    <Link href={`/admin/users/${encodeURIComponent(r.userId)}`} className="break-all">
                      {r.email}
                    </Link>
                    <div className="text-muted-foreground text-xs">{r.courseTitle}</div>
                  </td>
                  <td className="p-2 max-sm:inline-block max-sm:p-0 max-sm:pr-2">
                    <Badge variant="secondary">{r.status}</Badge>
                  </td>
                  <td className="whitespace-nowrap p-2 max-sm:inline-block max-sm:p-0 max-sm:pr-2">
                    <span className="sm:hidden">ended </span>
                    {day(r.endedAt)}
                  </td>
                  <td className="p-2 text-right tabular-nums max-sm:inline-block max-sm:p-0 max-sm:pr-2">
                    {r.threads}
                    <span className="sm:hidden"> conversation{r.threads === 1 ? "" : "s"}</span>
                  </td>
                  <td className="whitespace-nowrap p-2 max-sm:block max-sm:p-0 max-sm:font-medium">
                    <span className="sm:hidden">Deleted </span>
                    {r.due ? "at the next run" : `after ${day(r.deleteAfter)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
