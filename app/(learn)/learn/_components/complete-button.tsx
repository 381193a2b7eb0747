"use client";

import { CheckCircle2, PartyPopper } from "lucide-react";
import Link from "next/link";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type CompleteState, markLessonCompleteAction } from "../actions";

export function CompleteButton({
  lessonId,
  completed,
  stageTitles,
}: {
  lessonId: string;
  completed: boolean;
  stageTitles: Record<string, string>;
}) {
  const [state, action, pending] = useActionState<CompleteState, FormData>(markLessonCompleteAction, null);
  const unlocked = state?.ok ? state.data.unlockedStageIds : [];
  const isDone = completed || state?.ok === true;
  return (
    <div className="space-y-3" aria-live="polite">
      {isDone ? (
        <p className="flex items-center gap-2 font-medium text-success" data-testid="lesson-completed">
          <CheckCircle2 className="size-5" aria-hidden /> Lesson completed
        </p>
      ) : (
        <form action={action}>
          <input type="hidden" name="lessonId" value={lessonId} />
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Mark lesson complete"}
          </Button>
        </form>
      )}
      {unlocked.length > 0 ? (
        <p className="flex items-center gap-2 text-sm" data-testid="stage-unlocked">
          <PartyPopper className="size-4 text-primary" aria-hidden />
          You unlocked {unlocked.map((id) => `“${stageTitles[id] ?? id}”`).join(", ")}.{" "}
          <Link href="/learn" className="text-primary underline">
            Go to the course
          </Link>
        </p>
      ) : null}
      {state?.ok === false ? (
        <p role="alert" className="text-destructive text-sm">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
