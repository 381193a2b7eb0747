import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import { ChevronLeft, ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { LessonIntro } from "@/components/learn/lesson-intro";
import { LessonLink } from "@/components/learn/lesson-link";
import { AskAiSelection } from "@/components/tutor/ask-ai-selection";
import { TutorPanelProvider } from "@/components/tutor/tutor-panel";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { tutorSettings } from "@/lib/chatkit/settings";
import { getLessonForViewer } from "@/lib/content/access";
import { lessonHtml } from "@/lib/content/lesson-html";
import { CompleteButton } from "../../_components/complete-button";
import { LessonBody } from "./_components/lesson-body";
import { LessonToc } from "./_components/lesson-toc";

type Params = Promise<{ stageId: string; lessonId: string }>;

// One lookup per request, shared by the metadata and the page.
const loadLesson = cache(async (stageId: string, lessonId: string) => {
  const user = await requireUser(`/learn/${stageId}/${lessonId}`);
  // Unverified learners may browse the dashboard, not lessons.
  if (!user.emailVerified) return { kind: "unverified" as const, email: user.email };
  // The lesson with whether the reader's enrolment in its course has ended, then the outline.
  return getLessonForViewer({ user, stageId, lessonId, db: await getDb() });
});

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { stageId, lessonId } = await params;
  const access = await loadLesson(stageId, lessonId);
  return { title: access.kind === "ok" ? access.lesson.title : "Lesson" };
}

export default async function LessonPage({ params }: { params: Params }) {
  const { stageId, lessonId } = await params;
  const access = await loadLesson(stageId, lessonId);
  if (access.kind === "unverified") return <VerifyEmailNotice email={access.email} />;
  if (access.kind === "not-found") notFound();
  if (access.kind === "locked") redirect(`/learn?locked=${encodeURIComponent(access.stageId)}`);

  const { lesson, completed, outline } = access;
  const flat = outline.flatMap((s) => s.lessons.map((l) => ({ ...l, stageId: s.id })));
  const index = flat.findIndex((l) => l.id === lesson.id);
  const prev = flat[index - 1];
  const next = flat[index + 1];
  const stage = outline.find((s) => s.id === lesson.stageId);
  const toc = lesson.headings.filter((h) => h.depth === 2).map((h) => ({ slug: h.slug, text: h.text }));
  const place = stage ? stage.lessons.findIndex((l) => l.id === lesson.id) + 1 : 0;
  const stageTitles = Object.fromEntries(outline.map((s) => [s.id, s.title]));

  const lessonInfo = { id: lesson.id, title: lesson.title, objectives: lesson.objectives };
  // An ended enrolment reads lessons as they are: no tutor, no Ask AI, progress frozen.
  const { ended } = access;
  // Rendered once per version and kept by the process; LessonBody finds it there while the
  // server renders the page, so only the version travels in the component payload.
  const { version } = lessonHtml(lesson.body);
  const body = <LessonBody lessonId={lesson.id} version={version} />;
  const page = (
    <div className="grid gap-10 lg:grid-cols-[minmax(0,1fr)_14rem]">
      <article className="min-w-0" data-testid="lesson">
        <nav aria-label="Breadcrumb" className="mb-4 text-muted-foreground text-sm">
          <Link href="/learn" className="hover:underline">
            Course
          </Link>{" "}
          / <span>{stage ? `Stage ${stage.position}: ${stage.title}` : lesson.stageId}</span>
          {stage && place > 0 ? (
            <>
              {" "}
              / <span data-testid="lesson-place">{`Lesson ${place} of ${stage.lessons.length}`}</span>
            </>
          ) : null}
        </nav>
        <LessonIntro title={lesson.title} summary={lesson.summary} objectives={lesson.objectives} />
        {ended ? body : <AskAiSelection>{body}</AskAiSelection>}
        <footer className="mt-10 space-y-6 border-t pt-6">
          {ended ? (
            <p className="text-muted-foreground text-sm" data-testid="lesson-read-only">
              Your enrolment has ended, so this lesson is read-only: progress no longer changes and the tutor is closed.
            </p>
          ) : (
            <CompleteButton lessonId={lesson.id} completed={completed} stageTitles={stageTitles} />
          )}
          <nav aria-label="Lesson navigation" className="flex justify-between gap-4 text-sm">
            {prev ? (
              <LessonLink
                lessonId={prev.id}
                href={`/learn/${prev.stageId}/${prev.id}`}
                className="flex items-center gap-1 hover:underline"
              >
                <ChevronLeft className="size-4" aria-hidden /> {prev.title}
              </LessonLink>
            ) : (
              <span />
            )}
            {next ? (
              <LessonLink
                lessonId={next.id}
                href={`/learn/${next.stageId}/${next.id}`}
                className="flex items-center gap-1 text-right hover:underline"
              >
                {next.title} <ChevronRight className="size-4" aria-hidden />
              </LessonLink>
            ) : null}
          </nav>
        </footer>
      </article>
      <aside className="hidden lg:block">
        <LessonToc headings={toc} />
      </aside>
    </div>
  );
  if (ended) return page;
  return (
    <TutorPanelProvider settings={tutorSettings()} lesson={lessonInfo}>
      {page}
    </TutorPanelProvider>
  );
}
