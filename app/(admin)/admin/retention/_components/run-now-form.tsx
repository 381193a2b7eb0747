"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type RunRetentionState, runRetentionAction } from "../actions";

export function RunNowForm() {
  const [state, action, pending] = useActionState<RunRetentionState, FormData>(runRetentionAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <Button type="submit" disabled={pending}>
        {pending ? "Running…" : "Run now"}
      </Button>
      <span
        aria-live="polite"
        data-testid="retention-result"
        className={`text-sm ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
      >
        {state?.message}
      </span>
    </form>
  );
}
