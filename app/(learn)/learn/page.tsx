import { ArrowRight, Info } from "lucide-react";
import type { Metadata } from "next";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { LessonLink } from "@/components/learn/lesson-link";
import { StageCard } from "@/components/learn/stage-card";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Progress } from "@/components/ui/progress";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { getCourseProgress } from "@/lib/content/access";
import { continueAt } from "@/lib/content/continue";
import { hasEnded } from "@/lib/enrolment/enrolment";
import { currentEnrolment } from "@/lib/enrolment/learner";
import { EnrolmentEndedNotice } from "./_components/enrolment-ended-notice";

export const metadata: Metadata = { title: "Your course" };

export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<{ locked?: string; denied?: string }>;
}) {
  const user = await requireUser("/learn");
  const db = await getDb();
  const [progress, enrolment, { locked, denied }] = await Promise.all([
    getCourseProgress({ user, db }),
    currentEnrolment({ user, db }),
    searchParams,
  ]);
  if (!progress) {
    return (
      <Alert>
        <AlertTitle>No course yet</AlertTitle>
        <AlertDescription>Load the course with `npm run db:seed` and reload this page.</AlertDescription>
      </Alert>
    );
  }
  const lockedIndex = progress.stages.findIndex((s) => s.id === locked);
  const lockedStage = progress.stages[lockedIndex];
  // Open stages are a prefix of the course: the last open one is what stands in the way (for a
  // learner who had finished it, a lesson added to it since).
  const blockingIndex = progress.stages.findLastIndex((s) => s.unlocked);
  const blocking = progress.stages[blockingIndex];
  const left = blocking ? blocking.lessons.length - blocking.completedLessonIds.length : 0;
  const percent = progress.lessonCount === 0 ? 0 : Math.round((progress.completedCount / progress.lessonCount) * 100);
  const next = user.emailVerified ? continueAt(progress.stages, progress.lastCompletedLessonId) : null;

  return (
    <div className="space-y-8">
      <header className="space-y-3">
        <h1 className="font-bold text-3xl tracking-tight">{progress.course.title}</h1>
        <p className="max-w-3xl text-muted-foreground">{progress.course.summary}</p>
        <div className="flex max-w-md items-center gap-3">
          <Progress value={percent} aria-label={`Course progress: ${percent}%`} />
          <span className="whitespace-nowrap text-muted-foreground text-sm">
            {progress.completedCount}/{progress.lessonCount} lessons
          </span>
        </div>
      </header>

      {denied ? (
        <Alert variant="destructive" data-testid="denied-notice">
          <AlertTitle>You do not have access to that page</AlertTitle>
          <AlertDescription>
            {user.role === "instructor" ? "It is for administrators." : "It is for instructors or administrators."}
          </AlertDescription>
        </Alert>
      ) : null}
      {lockedStage && !lockedStage.unlocked ? (
        <Alert data-testid="locked-notice">
          <Info aria-hidden />
          <AlertTitle>“{lockedStage.title}” is still locked</AlertTitle>
          <AlertDescription>
            Complete every lesson of “{blocking?.title ?? "the previous stage"}” ({left} left)
            {blockingIndex === lockedIndex - 1 ? "" : ", then the stages after it,"} to unlock it.
          </AlertDescription>
        </Alert>
      ) : null}
      {user.emailVerified ? null : <VerifyEmailNotice email={user.email} compact />}
      {enrolment && hasEnded(enrolment) ? <EnrolmentEndedNotice enrolment={enrolment} /> : null}
      {next ? (
        <LessonLink
          lessonId={next.lessonId}
          href={`/learn/${next.stageId}/${next.lessonId}`}
          className="group flex items-center justify-between gap-4 rounded-xl border bg-accent/40 p-4 hover:bg-accent"
          data-testid="continue-lesson"
        >
          <span className="min-w-0">
            <span className="block font-medium text-primary text-sm">
              {next.fresh ? "Start with the first lesson" : "Continue where you left off"}
            </span>
            <span className="block font-semibold text-lg">{next.lessonTitle}</span>
            <span className="block text-muted-foreground text-sm">
              Stage {next.stagePosition}: {next.stageTitle} · Lesson {next.index} of {next.count}
            </span>
          </span>
          <ArrowRight
            className="size-5 shrink-0 text-primary transition-transform group-hover:translate-x-0.5"
            aria-hidden
          />
        </LessonLink>
      ) : null}

      <div className="grid gap-6 md:grid-cols-2">
        {progress.stages.map((stage, i) => (
          <StageCard key={stage.id} stage={stage} previousTitle={progress.stages[i - 1]?.title} />
        ))}
      </div>
    </div>
  );
}
