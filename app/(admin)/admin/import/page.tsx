import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { listImportRuns } from "@/db/queries/user-import";
import { requireRole } from "@/lib/auth/session";
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
          <div className="overflow-x-auto rounded-lg border">
            <table className="w-full text-sm" data-testid="import-runs">
              <thead className="bg-muted/50 text-left">
                <tr>
                  <th className="p-2">Run</th>
                  <th className="p-2">File</th>
                  <th className="p-2">Started (UTC)</th>
                  <th className="p-2">By</th>
                  <th className="p-2">Users</th>
                  <th className="p-2">Status</th>
                  <th className="p-2">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {runs.map((run) => (
                  <tr key={run.id} className="border-t align-top" data-run={run.id}>
                    <td className="p-2 font-medium">{run.id}</td>
                    <td className="p-2">
                      <div className="break-all">{run.fileName}</div>
                      <div className="font-mono text-muted-foreground text-xs">{run.fileChecksum.slice(0, 12)}</div>
                    </td>
                    <td className="whitespace-nowrap p-2">{when(run.startedAt)}</td>
                    <td className="p-2">{run.startedBy}</td>
                    <td className="p-2">
                      {run.createdCount} created
                      <div className="text-muted-foreground text-xs">
                        {run.presentCount} already present · {run.accountCount} accounts
                      </div>
                    </td>
                    <td className="p-2">
                      {run.status === "rolled_back" ? (
                        <>
                          <Badge variant="secondary">rolled back</Badge>
                          <div className="text-muted-foreground text-xs">
                            {run.removedCount} removed, {when(run.rolledBackAt)}
                          </div>
                        </>
                      ) : (
                        <Badge variant="success">completed</Badge>
                      )}
                    </td>
                    <td className="p-2">{run.status === "completed" ? <RollbackForm runId={run.id} /> : null}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
