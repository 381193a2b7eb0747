import { Target } from "lucide-react";

/**
 * A lesson's title, summary and "In this lesson you will" box: the lesson page shows it above the
 * text, and the instructor's editor previews it the same way.
 */
export function LessonIntro({
  title,
  summary,
  objectives,
  level = 1,
}: {
  title: string;
  summary: string;
  objectives: string[];
  /** 2 inside the editor, whose page already has a heading 1. */
  level?: 1 | 2;
}) {
  const Heading = level === 1 ? "h1" : "h2";
  const Subheading = level === 1 ? "h2" : "h3";
  return (
    <>
      <Heading className="font-bold text-3xl tracking-tight">{title}</Heading>
      <p className="mt-2 text-lg text-muted-foreground">{summary}</p>
      <section className="my-6 rounded-lg border bg-accent/40 p-4" data-testid="lesson-objectives">
        <Subheading className="flex items-center gap-2 font-semibold text-sm">
          <Target className="size-4 text-primary" aria-hidden /> In this lesson you will
        </Subheading>
        <ul className="mt-2 list-disc space-y-1 pl-6 text-sm">
          {objectives.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
