"use client";

import { useActionState, useRef } from "react";
import { Button } from "@/components/ui/button";
import {
  type ChangeEnrolmentState,
  changeEnrolmentAction,
  type PreviewListState,
  previewEmailListAction,
} from "../actions";

const today = () => new Date().toISOString().slice(0, 10);

/**
 * Ending many enrolments from a list of emails (pasted, or a .txt/.csv file read in the
 * browser): first a preview of who matches and who does not, then one confirmation.
 */
export function EmailListForm({ courseId }: { courseId: string }) {
  const [preview, previewAction, previewing] = useActionState<PreviewListState, FormData>(previewEmailListAction, null);
  const [result, endAction, ending] = useActionState<ChangeEnrolmentState, FormData>(changeEnrolmentAction, null);
  const list = useRef<HTMLTextAreaElement>(null);
  const match = preview?.ok ? preview.data : null;
  const endable = match?.matched.filter((m) => m.status === "active") ?? [];

  return (
    <div className="space-y-4">
      <form action={previewAction} className="space-y-2" aria-label="Preview a list of emails">
        <input type="hidden" name="courseId" value={courseId} />
        <label htmlFor="email-list" className="block font-medium text-sm">
          Emails, one per line (or separated by commas)
        </label>
        <textarea
          id="email-list"
          ref={list}
          name="list"
          rows={5}
          className="w-full rounded-md border bg-background p-2 font-mono text-sm"
          placeholder={"ada@example.com\ngrace@example.com"}
        />
        <div className="flex flex-wrap items-center gap-3">
          <label className="text-sm">
            <span className="sr-only">Upload a file of emails</span>
            <input
              type="file"
              accept=".txt,.csv,text/plain,text/csv"
              aria-label="Upload a file of emails"
              className="max-w-full text-sm file:mr-2 file:rounded-md file:border file:bg-background file:px-2 file:py-1"
              onChange={async (e) => {
                const file = e.target.files?.[0];
                if (file && list.current) list.current.value = await file.text();
              }}
            />
          </label>
          <Button type="submit" variant="secondary" disabled={previewing}>
            Preview
          </Button>
        </div>
        {preview?.ok === false ? (
          <p role="alert" className="text-destructive text-sm">
            {preview.message}
          </p>
        ) : null}
      </form>

      {match ? (
        <div className="space-y-3 rounded-lg border p-3 text-sm" data-testid="list-preview">
          <p aria-live="polite">{preview?.message}</p>
          {match.matched.length > 0 ? (
            <div>
              <h3 className="font-medium">Match an account</h3>
              <ul className="mt-1 space-y-0.5" data-testid="list-matched">
                {match.matched.map((m) => (
                  <li key={m.userId} data-email={m.email}>
                    {m.email} — {m.status ?? "not enrolled"}
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {match.unknown.length > 0 ? (
            <div>
              <h3 className="font-medium">No account with this email</h3>
              <ul className="mt-1 space-y-0.5 text-muted-foreground" data-testid="list-unknown">
                {match.unknown.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {match.invalid.length > 0 ? (
            <div>
              <h3 className="font-medium">Not email addresses</h3>
              <ul className="mt-1 space-y-0.5 text-muted-foreground" data-testid="list-invalid">
                {match.invalid.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            </div>
          ) : null}
          <form action={endAction} className="flex flex-wrap items-end gap-2 border-t pt-3">
            <input type="hidden" name="courseId" value={courseId} />
            <input type="hidden" name="via" value="bulk" />
            {endable.map((m) => (
              <input key={m.userId} type="hidden" name="userId" value={m.userId} />
            ))}
            <label className="grid gap-1">
              <span className="text-muted-foreground text-xs">End as</span>
              <select name="to" defaultValue="completed" className="h-9 rounded-md border bg-background px-2">
                <option value="completed">completed</option>
                <option value="withdrawn">withdrawn</option>
              </select>
            </label>
            <label className="grid gap-1">
              <span className="text-muted-foreground text-xs">on</span>
              <input
                type="date"
                name="endedAt"
                defaultValue={today()}
                min="2000-01-01"
                max={today()}
                className="h-9 rounded-md border bg-background px-2"
              />
            </label>
            <Button type="submit" disabled={ending || endable.length === 0}>
              End {endable.length} active enrolment{endable.length === 1 ? "" : "s"}
            </Button>
            <span aria-live="polite" data-testid="list-result" className="basis-full text-muted-foreground text-xs">
              {result?.message}
            </span>
          </form>
        </div>
      ) : null}
    </div>
  );
}
