"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type ChangeEnrolmentState, changeEnrolmentAction } from "../actions";

export const BULK_FORM_ID = "bulk-end";
const today = () => new Date().toISOString().slice(0, 10);

/**
 * Ends every ticked enrolment at once. The row checkboxes sit in the table and join this form
 * through their `form` attribute (each row also has its own form, and forms cannot nest).
 */
export function BulkEndForm({ courseId }: { courseId: string }) {
  const [state, action, pending] = useActionState<ChangeEnrolmentState, FormData>(changeEnrolmentAction, null);
  return (
    <form
      id={BULK_FORM_ID}
      action={action}
      className="flex flex-wrap items-end gap-2 rounded-lg border bg-muted/30 p-3 text-sm"
      aria-label="End the selected enrolments"
    >
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="via" value="bulk" />
      <label className="grid gap-1">
        <span className="text-muted-foreground text-xs">Selected enrolments end as</span>
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
      <Button type="submit" variant="secondary" disabled={pending}>
        End selected
      </Button>
      <span
        aria-live="polite"
        data-testid="bulk-result"
        className={`basis-full text-xs ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
      >
        {state?.message}
      </span>
    </form>
  );
}
