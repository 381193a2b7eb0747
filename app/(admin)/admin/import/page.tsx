import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { listImportRuns } from "@/db/queries/user-import";
import { requireRole } from "@/lib/auth/session";
import { plural } from "@/lib/plural";
import { ImportPanel } from "./_components/import-panel";
import { RollbackForm } from "./_components/rollback-form";

export const metadata: Metadata = { title: "Import users" };

const when = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace("T", " ") : "—");

export default async function ImportPage() {
  await requireRole(["admin"], "/admin/import");
  const runs = await listImportRuns({ db: await getDb() });
  return (
    <div className="space-y-6">
      <div className="space-y-2">
        <h1 className="font-bold text-2xl">Import users</h1>
        <p className="max-w-3xl text-muted-foreground text-sm">
          Bring users over from the previous system without resetting their passwords: a JSON Lines or CSV export (the
          format is in docs/migration.md). Every row is checked before anything is written. Take a backup first with{" "}
          <code className="rounded bg-muted px-1">npm run cli -- users:export --file backup.jsonl</code>; files over 50
          MB go through <code className="rounded bg-muted px-1">npm run cli -- users:import</code>.
        </p>
      </div>
      <ImportPanel />
      <section className="space-y-2" aria-labelledby="runs-title">
        <h2 id="runs-title" className="font-semibold">
          Past runs
        </h2>
        {runs.length === 0 ? (
          <p className="text-muted-foreground text-sm">No imports yet.</p>
        ) : (
          <ul className="divide-y rounded-lg border text-sm" data-testid="import-runs">
            {runs.map((run) => (
              <li
                key={run.id}
                data-run={run.id}
                className="grid gap-3 p-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1.2fr)_minmax(0,1fr)] sm:items-start"
              >
                <div className="min-w-0 space-y-0.5">
                  <p className="font-medium">
                    Run {run.id} · <span className="break-all">{run.fileName}</span>
                  </p>
                  <p className="text-muted-foreground text-xs">
                    {when(run.startedAt)} UTC by{" "}
                    <span className="break-all">{run.startedByEmail ?? run.startedBy}</span>
                  </p>
                  <p className="font-mono text-muted-foreground text-xs">sha256 {run.fileChecksum.slice(0, 16)}…</p>
                </div>
                <div className="space-y-1">
                  <p>
                    {run.createdCount} created · {run.presentCount} already present ·{" "}
                    {plural(run.linkedAccountCount, "Google/GitHub link")}
                  </p>
                  {run.status === "rolled_back" ? (
                    <p className="text-muted-foreground text-xs">
                      <Badge variant="secondary">rolled back</Badge> {run.removedCount} removed,{" "}
                      {when(run.rolledBackAt)} UTC by{" "}
                      <span className="break-all">{run.rolledBackByEmail ?? run.rolledBackBy}</span>
                    </p>
                  ) : (
                    <Badge variant="success">completed</Badge>
                  )}
                </div>
                <RollbackForm runId={run.id} open={run.status === "completed"} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
