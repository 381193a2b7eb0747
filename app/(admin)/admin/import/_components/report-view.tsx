import type { ImportReport } from "@/lib/migration/plan";
import { plural } from "@/lib/plural";

const FORMAT_NAMES = { jsonl: "JSON Lines", csv: "CSV" } as const;

/** The dry-run report: what would be written, and every problem by kind with its first lines. */
export function ReportView({ report }: { report: ImportReport }) {
  const clean = report.problemCount === 0;
  return (
    <div className="space-y-3 text-sm" data-testid="import-report">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
        <dt className="text-muted-foreground">File</dt>
        <dd className="break-all">
          {report.fileName} · {FORMAT_NAMES[report.format]} · {report.rows} rows
        </dd>
        <dt className="text-muted-foreground">New users</dt>
        <dd>
          {report.toCreate} (bcrypt {report.hashes.bcrypt}, this app's hash {report.hashes.app}, no password{" "}
          {report.hashes.none}); {plural(report.linkedAccounts, "Google/GitHub link")}
        </dd>
        <dt className="text-muted-foreground">Already present</dt>
        <dd>
          {report.present} (same id and email, or imported before; left as they are)
          {report.changedSinceImport.count > 0 ? (
            <ul className="mt-1 space-y-0.5 text-muted-foreground" data-testid="changed-since-import">
              <li>{report.changedSinceImport.count} of them changed email in this app after their import:</li>
              {report.changedSinceImport.examples.map((e) => (
                <li key={e.line} className="break-words">
                  line {e.line}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
        </dd>
        {report.previousRuns.length > 0 ? (
          <>
            <dt className="text-muted-foreground">Imported before</dt>
            <dd>{report.previousRuns.map((r) => `run ${r.id} (${r.status.replace("_", " ")})`).join(", ")}</dd>
          </>
        ) : null}
      </dl>
      {clean ? (
        <p className="text-success" data-testid="report-clean">
          No problems found.
        </p>
      ) : (
        <div className="space-y-2" data-testid="report-problems">
          <p className="font-medium text-destructive">
            {report.problemCount} problem{report.problemCount === 1 ? "" : "s"} in {report.rowsWithProblems} row
            {report.rowsWithProblems === 1 ? "" : "s"}: fix the file and check it again. Nothing will be written.
          </p>
          <ul className="space-y-2">
            {report.problems.map((group) => (
              <li key={group.code} className="rounded-md border p-2" data-problem={group.code}>
                <p className="font-medium">
                  {group.label} <span className="text-muted-foreground">({group.count})</span>
                </p>
                <ul className="mt-1 space-y-0.5 text-muted-foreground">
                  {group.examples.map((e) => (
                    <li key={`${e.line}-${e.message}`} className="break-words">
                      line {e.line}: {e.message}
                    </li>
                  ))}
                  {group.count > group.examples.length ? (
                    <li>… and {group.count - group.examples.length} more</li>
                  ) : null}
                </ul>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
