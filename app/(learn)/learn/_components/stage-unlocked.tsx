"use client";

import { PartyPopper } from "lucide-react";
import Link from "next/link";

/** The note after a completion that opened new stages (its own chunk: most completions open none). */
export default function StageUnlocked({ titles }: { titles: string[] }) {
  return (
    <p className="flex items-center gap-2 text-sm" data-testid="stage-unlocked">
      <PartyPopper className="size-4 text-primary" aria-hidden />
      You unlocked {titles.map((t) => `“${t}”`).join(", ")}.{" "}
      <Link href="/learn" className="text-primary underline">
        Go to the course
      </Link>
    </p>
  );
}
