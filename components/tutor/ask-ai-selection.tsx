"use client";

import { Sparkles } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { preloadQuoteMath } from "./quoted-text";
import { selectionText } from "./selection-text";
import { useTutorPanel } from "./tutor-panel";

const MAX_SELECTION = 2_000;

/**
 * Selecting text inside the lesson shows a floating "Ask AI" button near the selection (above
 * it; below it on a touch screen, clear of the phone's own menu). It opens the tutor with the
 * selection as quoted text in the composer (formulas as TeX, shown drawn).
 */
export function AskAiSelection({ children }: { children: React.ReactNode }) {
  const tutor = useTutorPanel();
  const container = useRef<HTMLDivElement>(null);
  const [spot, setSpot] = useState<{ top: number; left: number; text: string } | null>(null);

  useEffect(() => {
    const update = () => {
      const selection = window.getSelection();
      if (!selection || selection.rangeCount === 0 || !container.current?.contains(selection.anchorNode)) {
        setSpot(null);
        return;
      }
      // Formulas go to the tutor as their TeX source, not KaTeX's doubled glyphs.
      const text = selection.toString().trim() ? selectionText(selection) : "";
      if (!text) {
        setSpot(null);
        return;
      }
      preloadQuoteMath(text);
      const rect = selection.getRangeAt(0).getBoundingClientRect();
      // A phone shows its own copy/select menu above the selection, so the button goes below
      // it there; either way it stays on screen.
      const below = window.matchMedia("(pointer: coarse)").matches;
      const top = below ? rect.bottom + 12 : rect.top - 44;
      setSpot({
        top: Math.min(Math.max(top, 8), window.innerHeight - 44),
        left: Math.min(rect.left + rect.width / 2, window.innerWidth - 80),
        text: text.slice(0, MAX_SELECTION),
      });
    };
    const onChange = () => window.requestAnimationFrame(update);
    document.addEventListener("selectionchange", onChange);
    window.addEventListener("scroll", onChange, { passive: true });
    return () => {
      document.removeEventListener("selectionchange", onChange);
      window.removeEventListener("scroll", onChange);
    };
  }, []);

  return (
    <div ref={container}>
      {children}
      {spot && tutor ? (
        <button
          type="button"
          data-testid="ask-ai"
          style={{ top: spot.top, left: spot.left }}
          className="-translate-x-1/2 fixed z-40 inline-flex items-center gap-1 rounded-full bg-primary px-3 py-1.5 font-medium text-primary-foreground text-xs shadow-lg"
          onMouseDown={(e) => e.preventDefault()}
          onClick={() => {
            tutor.askAbout(spot.text);
            window.getSelection()?.removeAllRanges();
            setSpot(null);
          }}
        >
          <Sparkles className="size-3.5" aria-hidden /> Ask AI
        </button>
      ) : null}
    </div>
  );
}
