import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { listThreadsForReview } from "@/db/queries/thread-review";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Tutor threads" };

export default async function ThreadsReviewPage({ searchParams }: { searchParams: Promise<{ who?: string }> }) {
  await requireRole(["admin", "instructor"], "/admin/threads");
  const { who } = await searchParams;
  const threads = await listThreadsForReview({
    db: await getDb(),
    who: who?.trim().slice(0, 254) || undefined,
    limit: 100,
  });
  return (
    <div className="space-y-4">
      <h1 className="font-bold text-2xl">Tutor threads</h1>
      <p className="text-muted-foreground text-sm">
        Read-only. Learners are told that staff may review conversations; every view is logged.
      </p>
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
