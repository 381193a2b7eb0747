import type { Metadata } from "next";
import { revalidatePath } from "next/cache";
import { Button } from "@/components/ui/button";
import { getDb } from "@/db/client";
import { requireRole } from "@/lib/auth/session";
import { previewRetention, RETENTION_DAYS, runRetentionAs } from "@/lib/tutor/retention";

export const metadata: Metadata = { title: "Retention" };

async function runNow() {
  "use server";
  const admin = await requireRole(["admin"]);
  await runRetentionAs({ db: await getDb(), actor: admin });
  revalidatePath("/admin/retention");
}

export default async function RetentionPage() {
  await requireRole(["admin"], "/admin/retention");
  const due = await previewRetention({ db: await getDb() });
  return (
    <div className="max-w-2xl space-y-4">
      <h1 className="font-bold text-2xl">Retention</h1>
      <p className="text-sm">
        Tutor conversations are deleted {RETENTION_DAYS} days after a learner's enrolment ends. The job runs every day
        at 02:00 UTC; expired sign-in tokens and old counters are cleaned up with it.
      </p>
      <p className="font-medium" data-testid="retention-due">
        The next run would delete {due} conversation{due === 1 ? "" : "s"}.
      </p>
      <form action={runNow}>
        <Button type="submit">Run now</Button>
      </form>
    </div>
  );
}
