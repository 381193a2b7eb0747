import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { getDb } from "@/db/client";
import { getCourseOutline, getDefaultCourse } from "@/db/queries/content";
import { requireRole } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Lessons" };

export default async function InstructorHome() {
  await requireRole(["instructor", "admin"], "/instructor");
  const db = await getDb();
  const course = await getDefaultCourse({ db });
  const outline = course ? await getCourseOutline({ db, courseId: course.id }) : [];
  return (
    <div className="space-y-6">
      <h1 className="font-bold text-2xl">Lessons</h1>
      <p className="text-muted-foreground text-sm">
        Edits published here are used by learners and the tutor at once. A later <code>db:seed</code> never overwrites a
        lesson edited here; it reports the conflict instead.
      </p>
      {outline.map((stage) => (
        <section key={stage.id} aria-labelledby={`stage-${stage.id}`} className="space-y-2">
          <h2 id={`stage-${stage.id}`} className="font-semibold">
            Stage {stage.position}: {stage.title}{" "}
            <Link
              href={`/instructor/new?stage=${stage.id}`}
              className="ml-2 whitespace-nowrap font-normal text-primary text-sm hover:underline"
            >
              + New lesson
            </Link>
          </h2>
          <ul className="space-y-1 text-sm" data-testid={`instructor-stage-${stage.id}`}>
            {stage.lessons.map((l) => (
              <li key={l.id} className="flex flex-wrap items-center gap-x-2 gap-y-1">
                <Link href={`/instructor/lessons/${l.id}`} className="text-primary underline-offset-4 hover:underline">
                  {l.position}. {l.title}
                </Link>
                <Badge variant="outline" className="font-mono">
                  {l.id}
                </Badge>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
