import { ArrowRight, Bot, Layers, Lock } from "lucide-react";
import Link from "next/link";
import { SiteHeader } from "@/components/site-header";
import { Button } from "@/components/ui/button";
import { getSessionUser } from "@/lib/auth/session";

const features = [
  {
    icon: Layers,
    title: "A course in stages",
    text: "From frames and rotations to arm kinematics, feedback control and mobile robots — each stage builds on the last.",
  },
  {
    icon: Lock,
    title: "Unlock as you learn",
    text: "Finish every lesson in a stage to open the next one. Your progress is saved as you go.",
  },
  {
    icon: Bot,
    title: "A Socratic tutor",
    text: "Ask about the lesson in front of you. The tutor explains freely while you read and nudges with hints on exercises.",
  },
];

export default async function LandingPage() {
  // A visitor without an account starts by creating one, not on the "Welcome back" sign-in page.
  const user = await getSessionUser();
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-6xl px-4">
        <section className="py-16 sm:py-24">
          <p className="font-medium text-primary text-sm">Foundations of Robotics</p>
          <h1 className="mt-3 max-w-3xl font-bold text-4xl tracking-tight sm:text-5xl">
            Learn how robots move, sense and decide — one stage at a time.
          </h1>
          <p className="mt-5 max-w-2xl text-lg text-muted-foreground">
            IntelliStack Tutor pairs a carefully written course with an AI tutor that only draws on the lessons you have
            unlocked, so its help always matches where you are.
          </p>
          <div className="mt-8 flex flex-wrap items-center gap-3">
            {user ? (
              <Button asChild size="lg">
                <Link href="/learn">
                  Continue learning <ArrowRight aria-hidden />
                </Link>
              </Button>
            ) : (
              <>
                <Button asChild size="lg">
                  <Link href="/sign-up">
                    Start learning <ArrowRight aria-hidden />
                  </Link>
                </Button>
                <Button asChild size="lg" variant="outline">
                  <Link href="/sign-in">I have an account</Link>
                </Button>
              </>
            )}
          </div>
        </section>
        <section aria-label="Features" className="grid gap-6 pb-24 sm:grid-cols-3">
          {features.map((f) => (
            <div key={f.title} className="rounded-xl border bg-card p-6">
              <f.icon className="size-6 text-primary" aria-hidden />
              <h2 className="mt-4 font-semibold">{f.title}</h2>
              <p className="mt-2 text-muted-foreground text-sm">{f.text}</p>
            </div>
          ))}
        </section>
      </main>
    </>
  );
}
