import "katex/dist/katex.min.css";
import "highlight.js/styles/github.css";
import { ChevronLeft, ChevronRight, Target } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { VerifyEmailNotice } from "@/components/auth/verify-email-notice";
import { AskAiSelection } from "@/components/tutor/ask-ai-selection";
import { TutorPanelProvider } from "@/components/tutor/tutor-panel";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth/session";
import { tutorSettings } from "@/lib/chatkit/settings";
import { getLessonForViewer } from "@/lib/content/access";
import { lessonHtml } from "@/lib/content/lesson-html";
import { enrolmentEndedFor } from "@/lib/enrolment/learner";
import { CompleteButton } from "../../_components/complete-button";
import { LessonBody } from "./_components/lesson-body";

type Params = Promise<{ stageId: string; lessonId: string }>;

// One lookup per request, shared by the metadata and the page.
const loadLesson = cache(async (stageId: string, lessonId: string) => {
  const user = await requireUser(`/learn/${stageId}/${lessonId}`);
  // Unverified learners may browse the dashboard, not lessons.
  if (!user.emailVerified) return { kind: "unverified" as const, email: user.email };
  const db = await getDb();
  const access = await getLessonForViewer({ user, stageId, lessonId, db });
  return { ...access, viewer: user, db };
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
  const toc = lesson.headings.filter((h) => h.depth === 2);
  const stageTitles = Object.fromEntries(outline.map((s) => [s.id, s.title]));

  const lessonInfo = { id: lesson.id, title: lesson.title, objectives: lesson.objectives };
  // An ended enrolment reads lessons as they are: no tutor, no Ask AI, progress frozen.
  const ended = await enrolmentEndedFor({ user: access.viewer, db: access.db });
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
        </nav>
        <h1 className="font-bold text-3xl tracking-tight">{lesson.title}</h1>
        <p className="mt-2 text-lg text-muted-foreground">{lesson.summary}</p>
        <section aria-labelledby="objectives" className="my-6 rounded-lg border bg-accent/40 p-4">
          <h2 id="objectives" className="flex items-center gap-2 font-semibold text-sm">
            <Target className="size-4 text-primary" aria-hidden /> In this lesson you will
          </h2>
          <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
            {lesson.objectives.map((o) => (
              <li key={o}>{o}</li>
            ))}
          </ul>
        </section>
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
              <Link href={`/learn/${prev.stageId}/${prev.id}`} className="flex items-center gap-1 hover:underline">
                <ChevronLeft className="size-4" aria-hidden /> {prev.title}
              </Link>
            ) : (
              <span />
            )}
            {next ? (
              <Link
                href={`/learn/${next.stageId}/${next.id}`}
                className="flex items-center gap-1 text-right hover:underline"
              >
                {next.title} <ChevronRight className="size-4" aria-hidden />
              </Link>
            ) : null}
          </nav>
        </footer>
      </article>
      <aside className="hidden lg:block">
        <nav aria-label="On this page" className="sticky top-20 text-sm">
          <p className="mb-2 font-semibold">On this page</p>
          <ul className="space-y-1.5">
            {toc.map((h) => (
              <li key={h.slug}>
                <a href={`#${h.slug}`} className="text-muted-foreground hover:text-foreground">
                  {h.text}
                </a>
              </li>
            ))}
          </ul>
        </nav>
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
