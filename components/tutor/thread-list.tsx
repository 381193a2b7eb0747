"use client";

import { Check, Pencil, Plus, Trash2, X } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { relativeTime } from "@/lib/chatkit/client/wording";
import type { ThreadWire } from "@/lib/chatkit/protocol";
import { cn } from "@/lib/utils";
import { ShowMore } from "./show-more";

/** Conversations, newest first by when each started, a page at a time, with rename and delete. */
export function ThreadList({
  threads,
  activeId,
  onOpen,
  onNew,
  onRename,
  onDelete,
  onMore,
}: {
  threads: ThreadWire[];
  activeId: string | null;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
  /** Loads older conversations (there are more than are listed). */
  onMore?: () => Promise<void>;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [draft, setDraft] = useState("");
  return (
    <nav aria-label="Conversations" className="space-y-2">
      <Button variant="outline" size="sm" className="w-full" onClick={onNew}>
        <Plus aria-hidden /> New conversation
      </Button>
      {threads.length === 0 ? <p className="px-1 text-muted-foreground text-xs">No conversations yet.</p> : null}
      <ul className="space-y-1" data-testid="thread-list">
        {threads.map((t) => (
          <li
            key={t.id}
            className={cn(
              "group flex items-center gap-1 rounded-md px-2 py-1.5 text-sm",
              t.id === activeId ? "bg-accent" : "hover:bg-muted",
            )}
          >
            {editing === t.id ? (
              <form
                className="flex flex-1 items-center gap-1"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (draft.trim()) onRename(t.id, draft.trim());
                  setEditing(null);
                }}
              >
                <input
                  aria-label="Conversation title"
                  className="min-w-0 flex-1 rounded border bg-background px-1 text-sm"
                  value={draft}
                  maxLength={200}
                  onChange={(e) => setDraft(e.target.value)}
                />
                <button type="submit" aria-label="Save title">
                  <Check className="size-3.5" aria-hidden />
                </button>
                <button type="button" aria-label="Cancel renaming" onClick={() => setEditing(null)}>
                  <X className="size-3.5" aria-hidden />
                </button>
              </form>
            ) : (
              <>
                <button
                  type="button"
                  className="min-w-0 flex-1 text-left"
                  onClick={() => onOpen(t.id)}
                  aria-current={t.id === activeId ? "true" : undefined}
                >
                  <span className="block truncate">{t.title ?? "New conversation"}</span>
                  <span className="block text-muted-foreground text-xs">{relativeTime(t.created_at)}</span>
                </button>
                <button
                  type="button"
                  aria-label={`Rename “${t.title ?? "conversation"}”`}
                  className="rounded p-1 text-muted-foreground opacity-60 hover:opacity-100"
                  onClick={() => {
                    setDraft(t.title ?? "");
                    setEditing(t.id);
                  }}
                >
                  <Pencil className="size-3.5" aria-hidden />
                </button>
                <button
                  type="button"
                  aria-label={`Delete “${t.title ?? "conversation"}”`}
                  className="rounded p-1 text-muted-foreground opacity-60 hover:text-destructive hover:opacity-100"
                  onClick={() => {
                    if (window.confirm("Delete this conversation? This cannot be undone.")) onDelete(t.id);
                  }}
                >
                  <Trash2 className="size-3.5" aria-hidden />
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
      {onMore ? <ShowMore label="Show older conversations" onClick={onMore} /> : null}
    </nav>
  );
}
