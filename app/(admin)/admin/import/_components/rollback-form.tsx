"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { rollbackRun } from "../actions";

/**
 * Roll back one run; when the server refuses because users were active, it says who, and
 * "force" is offered. Rendered for every run so the outcome stays on screen after the row
 * turns "rolled back".
 */
export function RollbackForm({ runId, open }: { runId: number; open: boolean }) {
  const [state, action, pending] = useActionState(rollbackRun, null);
  const forceId = useId();
  const refused = state && !state.ok && state.code === "import:users_active";
  return (
    <form action={action} className="flex max-w-xs flex-col items-start gap-1" aria-label={`Roll back run ${runId}`}>
      <input type="hidden" name="runId" value={runId} />
      {open && refused ? (
        <label htmlFor={forceId} className="flex items-center gap-1 text-xs">
          <input id={forceId} type="checkbox" name="force" /> Remove them anyway
        </label>
      ) : null}
      {open ? (
        <Button type="submit" size="sm" variant="outline" disabled={pending}>
          {pending ? "Rolling back…" : "Roll back"}
        </Button>
      ) : null}
      <div aria-live="polite" data-testid="rollback-result" className="text-xs">
        {state ? (
          <p role={state.ok ? "status" : "alert"} className={state.ok ? "" : "text-destructive"}>
            {state.message}
          </p>
        ) : null}
      </div>
    </form>
  );
}
