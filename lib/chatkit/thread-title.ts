import "server-only";
import type { TutorModel } from "@/lib/tutor/model";
import { generateTitle } from "@/lib/tutor/title";
import type { Emit } from "./sse";
import { type ChatStore, threadToWire } from "./store";

/**
 * A new thread's title, asked of the model once the answer's first text has been sent (respond
 * starts it a macrotask after that event) rather than after the answer: the title depends only
 * on the question, so the stream no longer waits one more model call at its end, and none of
 * its work runs ahead of the answer's first text (what the learner waits for).
 * When the title is ready by the time the answer is saved, it is written with the answer (one
 * statement, see `take`); otherwise `finish` writes it once it comes.
 */
export class PendingTitle {
  private title: string | null = null;
  private taken = false;
  private ready: Promise<string> | null = null;

  constructor(
    private readonly model: TutorModel | null,
    private readonly question: string,
    private readonly signal: AbortSignal,
  ) {}

  /** Asks for the title (once; later calls return the same answer). */
  start(): Promise<string> {
    this.ready ??= generateTitle(this.model, this.question, this.signal).then((title) => {
      this.title = title;
      return title;
    });
    return this.ready;
  }

  /**
   * The title if it is ready and not yet written, for the statement that saves the answer; once
   * taken, `finish` does nothing. None for a turn the learner stopped (its thread stays untitled
   * until the next question, as before).
   */
  take(): string | null {
    if (this.taken || this.title === null || this.signal.aborted) return null;
    this.taken = true;
    return this.title;
  }

  /** Waits for the title if it was not written with the answer, stores it and tells the client. */
  async finish(store: ChatStore, threadId: string, emit: Emit): Promise<void> {
    const title = await this.start();
    if (this.taken || this.signal.aborted) return;
    this.taken = true;
    const updated = await store.updateThread(threadId, { title });
    if (updated) emit({ type: "thread.updated", thread: threadToWire(updated) });
  }
}
