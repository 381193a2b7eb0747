"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Progress } from "@/components/ui/progress";
import type { ImportStreamEvent } from "@/lib/migration/http";
import type { ImportOutcome } from "@/lib/migration/import";
import type { ImportReport } from "@/lib/migration/plan";
import { describeOutcome } from "@/lib/migration/report";
import { ReportView } from "./report-view";

type ErrorBody = { error?: { message?: string }; report?: ImportReport };

const url = (file: File, dryRun: boolean) =>
  `/api/admin/import?${new URLSearchParams({ name: file.name, dryRun: dryRun ? "1" : "0" })}`;

async function readError(response: Response): Promise<ErrorBody> {
  try {
    return (await response.json()) as ErrorBody;
  } catch {
    return { error: { message: `The server answered ${response.status}.` } };
  }
}

/** Reads the import's NDJSON stream, calling `onEvent` for each line as it arrives. */
async function readEvents(response: Response, onEvent: (event: ImportStreamEvent) => void): Promise<void> {
  const reader = response.body?.getReader();
  if (!reader) return;
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffered += decoder.decode(value, { stream: !done });
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) onEvent(JSON.parse(line) as ImportStreamEvent);
    if (done) return;
  }
}

/** Upload → dry-run report → run with a progress bar. Nothing is written until "Import". */
export function ImportPanel() {
  const router = useRouter();
  const fileId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState<"checking" | "importing" | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number; rate: number } | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Leaving the page does not stop the import (it completes on the server), but the progress
  // and the outcome would be lost: ask first.
  useEffect(() => {
    if (busy !== "importing") return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [busy]);

  async function check(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!file) return;
    setBusy("checking");
    setError(null);
    setReport(null);
    setOutcome(null);
    setProgress(null);
    const response = await fetch(url(file, true), { method: "POST", body: file }).catch(() => null);
    setBusy(null);
    if (!response) return setError("The server could not be reached.");
    if (!response.ok) return setError((await readError(response)).error?.message ?? "The file could not be checked.");
    setReport(((await response.json()) as { report: ImportReport }).report);
  }

  async function runImport() {
    if (!file || !report) return;
    setBusy("importing");
    setError(null);
    const started = performance.now();
    setProgress({ done: 0, total: report.toCreate, rate: 0 });
    const response = await fetch(url(file, false), { method: "POST", body: file }).catch(() => null);
    if (!response?.ok) {
      const body = response ? await readError(response) : { error: { message: "The server could not be reached." } };
      if (body.report) setReport(body.report);
      setError(body.error?.message ?? "The import failed.");
      setBusy(null);
      return;
    }
    await readEvents(response, (e) => {
      if (e.type === "progress") {
        const seconds = (performance.now() - started) / 1000;
        setProgress({ done: e.done, total: e.total, rate: seconds > 0 ? Math.round(e.done / seconds) : 0 });
      } else if (e.type === "done") {
        setOutcome(e.outcome);
      } else {
        setError(e.error.message);
      }
    });
    setBusy(null);
    router.refresh();
  }

  const canImport = report && report.problemCount === 0 && report.toCreate > 0 && !outcome;
  const share = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <section aria-labelledby={`${fileId}-title`} className="space-y-4 rounded-lg border p-4">
      <h2 id={`${fileId}-title`} className="font-semibold">
        Check and import a file
      </h2>
      <form onSubmit={check} className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <label htmlFor={fileId} className="font-medium text-sm">
            Export file (JSON Lines or CSV)
          </label>
          <input
            id={fileId}
            type="file"
            accept=".jsonl,.ndjson,.json,.csv,text/csv,application/json"
            className="max-w-full text-sm file:mr-3 file:rounded-md file:border file:bg-muted file:px-3 file:py-1.5"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setReport(null);
              setOutcome(null);
              setProgress(null);
              setError(null);
            }}
          />
        </div>
        <Button type="submit" variant="secondary" disabled={!file || busy !== null}>
          {busy === "checking" ? "Checking…" : "Check file"}
        </Button>
      </form>
      {error ? (
        <p role="alert" className="text-destructive text-sm" data-testid="import-error">
          {error}
        </p>
      ) : null}
      {report ? <ReportView report={report} /> : null}
      {canImport ? (
        <Button onClick={runImport} disabled={busy !== null}>
          {busy === "importing" ? "Importing…" : `Import ${report.toCreate} users`}
        </Button>
      ) : null}
      {progress ? (
        <div className="space-y-1" data-testid="import-progress">
          <Progress value={share} aria-label="Import progress" />
          <p className="text-muted-foreground text-sm">
            {progress.done} / {progress.total} users · {progress.rate}/s
          </p>
        </div>
      ) : null}
      {outcome ? (
        <p role="status" className="font-medium text-sm" data-testid="import-result">
          {describeOutcome(outcome)}
        </p>
      ) : null}
    </section>
  );
}
