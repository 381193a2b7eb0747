"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type ChangeEnrolmentState, changeEnrolmentAction } from "../actions";

const today = () => new Date().toISOString().slice(0, 10);

/** End one learner's enrolment (how, and on which day), or reopen an ended one. */
export function EnrolmentRowActions({
  courseId,
  userId,
  email,
  active,
}: {
  courseId: string;
  userId: string;
  email: string;
  active: boolean;
}) {
  const [state, action, pending] = useActionState<ChangeEnrolmentState, FormData>(changeEnrolmentAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-1.5" aria-label={`Enrolment of ${email}`}>
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="userId" value={userId} />
      {active ? (
        <>
          <label className="sr-only" htmlFor={`to-${userId}`}>
            How {email}'s enrolment ends
          </label>
          <select
            id={`to-${userId}`}
            name="to"
            defaultValue="completed"
            className="h-8 rounded-md border bg-background px-2 text-sm"
          >
            <option value="completed">completed</option>
            <option value="withdrawn">withdrawn</option>
          </select>
          <label className="sr-only" htmlFor={`ended-${userId}`}>
            Day {email}'s enrolment ended
          </label>
          <input
            id={`ended-${userId}`}
            type="date"
            name="endedAt"
            defaultValue={today()}
            min="2000-01-01"
            max={today()}
            className="h-8 rounded-md border bg-background px-2 text-sm"
          />
          <Button type="submit" size="sm" variant="outline" disabled={pending}>
            End
          </Button>
        </>
      ) : (
        <Button type="submit" name="to" value="active" size="sm" variant="outline" disabled={pending}>
          Reopen
        </Button>
      )}
      <span
        aria-live="polite"
        data-testid="enrolment-action-result"
        className={`text-xs ${state?.ok === false ? "text-destructive" : "text-muted-foreground"}`}
      >
        {state?.message}
      </span>
    </form>
  );
}
