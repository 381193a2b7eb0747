"use client";

import { Quote, Send, Square, X } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { QuotedText } from "./quoted-text";

/**
 * The message box: Enter sends, Shift+Enter is a new line; a quoted selection sits above it
 * and goes with the next message; while an answer streams the button stops it.
 */
export function Composer({
  streaming,
  disabled,
  quoted,
  onClearQuote,
  onSend,
  onStop,
  focusSignal,
  focusOnMount = true,
  placeholder = "Ask about this lesson…",
}: {
  /** Where there is no lesson (/learn/chats) the box asks about the course instead. */
  placeholder?: string;
  streaming: boolean;
  disabled?: boolean;
  quoted: string | null;
  onClearQuote: () => void;
  onSend: (text: string) => void;
  onStop: () => void;
  focusSignal: number;
  /** Focus the box when it first appears (the lesson's tutor panel, opened by the learner). */
  focusOnMount?: boolean;
}) {
  const [text, setText] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  // Focus when the panel asks for it, and on opening unless the chat is part of a page (there,
  // screen readers start at the page's heading, and a phone would scroll to the box).
  const mounted = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus when the panel asks for it
  useEffect(() => {
    const first = !mounted.current;
    mounted.current = true;
    if (first && !focusOnMount) return;
    area.current?.focus();
  }, [focusSignal]);
  const submit = () => {
    const value = text.trim();
    if (!value || streaming || disabled) return;
    onSend(value);
    setText("");
  };
  return (
    <form
      className="space-y-2 border-t p-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {quoted ? (
        <div className="flex items-start gap-2 rounded-md bg-muted p-2 text-xs" data-testid="composer-quote">
          <Quote className="mt-0.5 size-3 shrink-0 text-primary" aria-hidden />
          <span className="line-clamp-3 flex-1">
            <QuotedText text={quoted} />
          </span>
          <button
            type="button"
            onClick={onClearQuote}
            aria-label="Remove the quoted text"
            className="text-muted-foreground hover:text-foreground"
          >
            <X className="size-3.5" aria-hidden />
          </button>
        </div>
      ) : null}
      <div className="flex items-end gap-2">
        <label htmlFor={id} className="sr-only">
          Message to the tutor
        </label>
        <textarea
          id={id}
          ref={area}
          rows={2}
          maxLength={4000}
          value={text}
          disabled={disabled}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              submit();
            }
          }}
          placeholder={quoted ? "Ask about the quoted text…" : placeholder}
          className="max-h-40 min-h-10 flex-1 resize-y rounded-md border bg-background px-3 py-2 text-sm outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50"
        />
        {streaming ? (
          <Button type="button" size="icon" variant="secondary" onClick={onStop} aria-label="Stop the answer">
            <Square aria-hidden />
          </Button>
        ) : (
          <Button type="submit" size="icon" disabled={disabled || !text.trim()} aria-label="Send">
            <Send aria-hidden />
          </Button>
        )}
      </div>
      <p className="text-[11px] text-muted-foreground">Enter to send · Shift+Enter for a new line</p>
    </form>
  );
}
