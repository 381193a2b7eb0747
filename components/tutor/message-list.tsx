"use client";

import { BookOpen, Quote, ThumbsDown, ThumbsUp } from "lucide-react";
import { lazy, memo, Suspense, useEffect, useRef } from "react";
import type { ChatMessage } from "@/lib/chatkit/client/chat-state";
import { cn } from "@/lib/utils";
import { QuotedText } from "./quoted-text";

const MarkdownText = lazy(() => import("./markdown-text"));

/**
 * A tutor answer as Markdown + math; memoised, so a streamed chunk re-parses only its own
 * message. Until the renderer has loaded (its own chunk), the text shows as it is.
 */
const AssistantText = memo(function AssistantText({ text }: { text: string }) {
  return (
    <Suspense fallback={<p className="whitespace-pre-wrap">{text}</p>}>
      <MarkdownText text={text} />
    </Suspense>
  );
});

/**
 * The conversation. The streaming answer is announced politely to screen readers. Without
 * `onRate` it is a read-only transcript (staff review): no buttons, the learner's rating shown,
 * and the page is not scrolled to the end.
 */
export function MessageList({
  messages,
  streaming,
  onRate,
  speakers = { user: "You", assistant: "Tutor" },
}: {
  messages: ChatMessage[];
  streaming: boolean;
  onRate?: (id: string, kind: "positive" | "negative") => void;
  /** Who each side is, for screen readers ("Learner" in staff review). */
  speakers?: { user: string; assistant: string };
}) {
  const end = useRef<HTMLDivElement>(null);
  const last = messages.at(-1);
  const live = onRate !== undefined;
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the text as it streams in (earlier messages loaded above it do not move the view)
  useEffect(() => {
    // Braces matter: newer browsers return a Promise from scrollIntoView, and an effect must not.
    if (live) void end.current?.scrollIntoView({ block: "end" });
  }, [last?.id, last?.text]);
  return (
    <>
      <ol
        className="space-y-4"
        aria-live={live ? "polite" : undefined}
        aria-busy={streaming}
        data-testid="tutor-messages"
      >
        {messages.map((m) => (
          <li
            key={m.id}
            data-role={m.role}
            className={cn("flex flex-col gap-1", m.role === "user" ? "items-end" : "items-start")}
          >
            <span className="sr-only">{m.role === "user" ? speakers.user : speakers.assistant}:</span>
            {m.quoted ? (
              <blockquote
                className="flex max-w-[90%] gap-2 border-primary/40 border-l-2 pl-2 text-muted-foreground text-xs"
                data-testid="quoted-text"
              >
                <Quote className="size-3 shrink-0" aria-hidden />
                <span className="line-clamp-3">
                  <QuotedText text={m.quoted} />
                </span>
              </blockquote>
            ) : null}
            <div
              className={cn(
                "chat-bubble min-w-0 rounded-lg px-3 py-2 text-sm",
                m.role === "user"
                  ? "max-w-[90%] bg-primary text-primary-foreground"
                  : "prose prose-sm max-w-full bg-muted dark:prose-invert",
              )}
            >
              {m.role === "assistant" ? (
                <AssistantText text={m.text || (m.pending ? "…" : "")} />
              ) : (
                <p className="whitespace-pre-wrap">{m.text}</p>
              )}
            </div>
            {m.role === "assistant" && m.annotations.length > 0 ? (
              <ul className="flex flex-wrap gap-2" aria-label="Sources">
                {m.annotations.map((a) => (
                  <li key={a.source.url}>
                    <a
                      href={a.source.url}
                      className="inline-flex max-w-full items-start gap-1 rounded-md border bg-background px-2 py-0.5 text-primary text-xs hover:underline"
                      data-testid="citation"
                    >
                      <BookOpen className="mt-0.5 size-3 shrink-0" aria-hidden />
                      <span>
                        {a.source.title}
                        {a.source.description ? (
                          <span className="text-muted-foreground"> · {a.source.description}</span>
                        ) : null}
                      </span>
                    </a>
                  </li>
                ))}
              </ul>
            ) : null}
            {m.role === "assistant" && !onRate && m.feedback ? (
              <p className="text-muted-foreground text-xs" data-testid="learner-feedback">
                {m.feedback === "positive" ? (
                  <ThumbsUp className="inline size-3.5" aria-hidden />
                ) : (
                  <ThumbsDown className="inline size-3.5" aria-hidden />
                )}{" "}
                Rated {m.feedback === "positive" ? "helpful" : "not helpful"} by the learner
              </p>
            ) : null}
            {m.role === "assistant" && !m.pending && onRate ? (
              <div className="flex gap-1">
                {(["positive", "negative"] as const).map((kind) => {
                  const Icon = kind === "positive" ? ThumbsUp : ThumbsDown;
                  return (
                    <button
                      key={kind}
                      type="button"
                      aria-label={kind === "positive" ? "Helpful" : "Not helpful"}
                      aria-pressed={m.feedback === kind}
                      onClick={() => onRate(m.id, kind)}
                      className={cn(
                        "rounded p-1 hover:bg-accent",
                        m.feedback === kind ? "text-primary" : "text-muted-foreground",
                      )}
                    >
                      <Icon className="size-3.5" aria-hidden />
                    </button>
                  );
                })}
              </div>
            ) : null}
          </li>
        ))}
      </ol>
      <div ref={end} />
    </>
  );
}
