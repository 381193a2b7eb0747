"use client";

import { useId } from "react";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";

/** A labelled input whose hint and error are tied to it for screen readers. */
export function FormField({
  label,
  hint,
  error,
  ...props
}: React.ComponentProps<typeof Input> & { label: string; hint?: React.ReactNode; error?: string }) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className="space-y-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...props}
      />
      {hint ? (
        <div id={hintId} className="text-muted-foreground text-xs">
          {hint}
        </div>
      ) : null}
      {error ? (
        <p id={errorId} className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The form-level error, announced when it appears. */
export function FormError({ message }: { message?: string | null }) {
  return (
    <div aria-live="assertive" className="min-h-0">
      {message ? (
        <p
          role="alert"
          data-testid="form-error"
          className="rounded-md border border-destructive/40 bg-destructive/5 px-3 py-2 text-destructive text-sm"
        >
          {message}
        </p>
      ) : null}
    </div>
  );
}
