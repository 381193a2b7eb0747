import type { Metadata } from "next";
import Link from "next/link";
import { QueryProblem } from "@/components/query-problem";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { listThreadsForReview } from "@/db/queries/thread-review";
import { parsePageQuery, threadsQuery } from "@/lib/admin/params";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tutor threads" };

export default async function ThreadsReviewPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireRole(["admin", "instructor"], "/admin/threads");
  const { query, problem } = parsePageQuery(threadsQuery, await searchParams);
  const who = query.who;
  const threads = await listThreadsForReview({ db: await getDb(), who, limit: 100 });
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">Tutor threads</h1>
      <p className="text-muted-foreground text-sm">
        Read-only. Learners are told that staff may review conversations; every view is logged.
      </p>
      <QueryProblem problem={problem} />
      <search>
        <form className="flex max-w-md gap-2">
          <Input name="who" defaultValue={who} placeholder="Learner email" aria-label="Learner email" />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
      </search>
      <ul className="space-y-1 text-sm" data-testid="review-list">
        {threads.map((t) => (
          <li key={t.id}>
            <Link href={`/admin/threads/${t.id}`}>{t.title ?? "Untitled"}</Link>{" "}
            <span className="text-muted-foreground">
              — {t.email}
              {t.lessonTitle ? `, from “${t.lessonTitle}”` : ""}, {t.createdAt.toISOString().slice(0, 10)}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
