"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { type TutorLimitState, tutorLimitAction } from "../actions";

/** Set the learner's own limit, go back to the default, or reset the count of the last 24 hours. */
export function TutorLimitForm({
  userId,
  ownLimit,
  defaultLimit,
}: {
  userId: string;
  ownLimit: number | null;
  defaultLimit: number;
}) {
  const [state, action, pending] = useActionState<TutorLimitState, FormData>(tutorLimitAction, null);
  return (
    <form action={action} className="space-y-3" aria-label="Tutor allowance">
      <input type="hidden" name="userId" value={userId} />
      <div className="space-y-1.5">
        <label className="block text-sm" htmlFor="daily-limit">
          Messages per 24 hours
        </label>
        <div className="flex flex-wrap items-center gap-2">
          <div className="w-28">
            <Input
              id="daily-limit"
              name="dailyLimit"
              type="number"
              inputMode="numeric"
              min={0}
              max={1000}
              defaultValue={ownLimit ?? defaultLimit}
            />
          </div>
          <Button type="submit" name="intent" value="set" disabled={pending}>
            Save limit
          </Button>
          {ownLimit !== null ? (
            <Button type="submit" name="intent" value="default" variant="outline" disabled={pending}>
              Use the default ({defaultLimit})
            </Button>
          ) : null}
        </div>
      </div>
      <div>
        <Button type="submit" name="intent" value="reset" variant="secondary" disabled={pending}>
          Reset today's count
        </Button>
      </div>
      <p
        aria-live="polite"
        data-testid="tutor-limit-result"
        className={`text-sm ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
      >
        {state?.message}
      </p>
    </form>
  );
}
