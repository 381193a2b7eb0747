import { CheckCircle2, Circle, Lock } from "lucide-react";
import { LessonLink } from "@/components/learn/lesson-link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Progress } from "@/components/ui/progress";
import type { StageProgress } from "@/lib/content/access";

export function StageCard({ stage, previousTitle }: { stage: StageProgress; previousTitle?: string }) {
  const done = stage.completedLessonIds.length;
  const total = stage.lessons.length;
  const complete = total > 0 && done === total;
  return (
    <Card
      data-testid={`stage-${stage.id}`}
      data-locked={stage.unlocked ? "false" : "true"}
      // Locked cards are set apart by a dashed border and a muted ground, not faded: faded text fails contrast.
      className={stage.unlocked ? undefined : "border-dashed bg-muted/40"}
    >
      <CardHeader>
        <div className="flex items-center justify-between gap-2">
          <span className="font-medium text-muted-foreground text-xs uppercase tracking-wide">
            Stage {stage.position}
          </span>
          {!stage.unlocked ? (
            <Badge variant="secondary">
              <Lock aria-hidden /> Locked
            </Badge>
          ) : complete ? (
            <Badge variant="success">
              <CheckCircle2 aria-hidden /> Complete
            </Badge>
          ) : (
            <Badge variant="outline">
              {done}/{total} lessons
            </Badge>
          )}
        </div>
        <CardTitle className="text-lg">{stage.title}</CardTitle>
        <CardDescription>{stage.summary}</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        <Progress
          value={total === 0 ? 0 : (done / total) * 100}
          aria-label={`${stage.title}: ${done} of ${total} lessons complete`}
        />
        {!stage.unlocked && previousTitle ? (
          <p className="text-muted-foreground text-sm">
            Finish every lesson of “{previousTitle}” to unlock this stage.
          </p>
        ) : null}
        <ol className="space-y-1">
          {stage.lessons.map((l) => {
            const isDone = stage.completedLessonIds.includes(l.id);
            const Icon = isDone ? CheckCircle2 : stage.unlocked ? Circle : Lock;
            return (
              <li key={l.id} className="flex items-start gap-2 text-sm">
                <Icon
                  className={`mt-0.5 size-4 shrink-0 ${isDone ? "text-success" : "text-muted-foreground"}`}
                  aria-hidden
                />
                {stage.unlocked ? (
                  <LessonLink lessonId={l.id} href={`/learn/${stage.id}/${l.id}`} className="hover:underline">
                    {l.title}
                    <span className="sr-only">{isDone ? " (completed)" : ""}</span>
                  </LessonLink>
                ) : (
                  <span className="text-muted-foreground">{l.title}</span>
                )}
              </li>
            );
          })}
        </ol>
      </CardContent>
    </Card>
  );
}
