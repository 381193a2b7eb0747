import { GraduationCap } from "lucide-react";
import Link from "next/link";

export function SiteHeader() {
  return (
    <header className="sticky top-0 z-30 border-b bg-background/85 backdrop-blur">
      <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4">
        <Link href="/" className="flex items-center gap-2 font-semibold">
          <GraduationCap className="size-5 text-primary" aria-hidden />
          IntelliStack Tutor
        </Link>
        <nav aria-label="Main" className="flex items-center gap-4 text-sm">
          <Link href="/learn" className="text-muted-foreground hover:text-foreground">
            My course
          </Link>
        </nav>
      </div>
    </header>
  );
}
