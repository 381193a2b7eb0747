import { plural } from "@/lib/plural";
import type { ImportReport } from "./plan";

const FORMAT_NAMES = { jsonl: "JSON Lines", csv: "CSV" } as const;

/** One sentence for a finished run (the CLI and the admin page say the same). */
export function describeOutcome(o: { runId: number | null; created: number; present: number; linkedAccounts: number }) {
  if (o.runId === null) return `nothing imported: all ${plural(o.present, "user")} were already present`;
  return `run ${o.runId}: imported ${plural(o.created, "user")} and ${plural(o.linkedAccounts, "Google/GitHub link")}; ${o.present} already present`;
}

/** The dry-run report as plain text lines (the CLI prints it; the admin page renders the same data). */
export function formatReport(report: ImportReport): string[] {
  const lines = [
    `${report.fileName}: ${FORMAT_NAMES[report.format]}, ${plural(report.rows, "row")}, sha256 ${report.checksum.slice(0, 16)}…`,
    `  new users:       ${report.toCreate} (bcrypt ${report.hashes.bcrypt}, this app's hash ${report.hashes.app}, no password ${report.hashes.none}); ${plural(report.linkedAccounts, "Google/GitHub link")}`,
    `  already present: ${report.present} (same id and email, or imported before; left as they are)`,
  ];
  const { changedSinceImport: changed } = report;
  if (changed.count > 0) {
    lines.push(`    ${changed.count} of them changed email in this app after their import:`);
    for (const example of changed.examples) lines.push(`      line ${example.line}: ${example.message}`);
    if (changed.count > changed.examples.length)
      lines.push(`      … and ${changed.count - changed.examples.length} more`);
  }
  if (report.previousRuns.length > 0) {
    const runs = report.previousRuns.map(
      (r) => `#${r.id} (${r.status.replace("_", " ")}, ${r.startedAt.slice(0, 16)}Z)`,
    );
    lines.push(`  this file was imported before: run ${runs.join(", ")}`);
  }
  if (report.problemCount === 0) {
    lines.push("  problems:        none");
    return lines;
  }
  lines.push(
    `  problems:        ${plural(report.problemCount, "problem")} in ${plural(report.rowsWithProblems, "row")}; nothing will be written`,
  );
  for (const group of report.problems) {
    lines.push(`    ${group.code} ×${group.count}: ${group.label}`);
    for (const example of group.examples) lines.push(`      line ${example.line}: ${example.message}`);
    if (group.count > group.examples.length) lines.push(`      … and ${group.count - group.examples.length} more`);
  }
  return lines;
}
