"use client";

import { CheckCircle2 } from "lucide-react";
import { lazy, Suspense, useActionState } from "react";
import { Button } from "@/components/ui/button";
import { type CompleteState, markLessonCompleteAction } from "../actions";

const StageUnlocked = lazy(() => import("./stage-unlocked"));

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
        <Suspense fallback={null}>
          <StageUnlocked titles={unlocked.map((id) => stageTitles[id] ?? id)} />
        </Suspense>
      ) : null}
      {state?.ok === false ? (
        <p role="alert" className="text-destructive text-sm">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
