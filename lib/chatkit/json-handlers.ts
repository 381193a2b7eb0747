import "server-only";
import { AppError } from "@/lib/errors";
import type { JsonRequest } from "./protocol";
import { type ChatStore, threadToWire } from "./store";

export const notFound = () => new AppError("chatkit:not_found", "That conversation does not exist.");

/** The non-streaming request types; every one is scoped to the caller through the store. */
export async function handleJson(store: ChatStore, req: JsonRequest): Promise<unknown> {
  switch (req.type) {
    case "threads.get_by_id": {
      const found = await store.threadPage(req.params.thread_id, { limit: 20, order: "asc" });
      if (!found) throw notFound();
      return found.thread;
    }
    case "threads.list":
      return store.listThreads(req.params);
    case "threads.update": {
      const thread = await store.updateThread(req.params.thread_id, { title: req.params.title });
      if (!thread) throw notFound();
      return threadToWire(thread);
    }
    case "threads.delete":
      if (!(await store.deleteThread(req.params.thread_id))) throw notFound();
      return {};
    case "items.list": {
      const found = await store.threadPage(req.params.thread_id, req.params);
      if (!found) throw notFound();
      return found.items;
    }
    case "items.feedback": {
      if (!(await store.loadThread(req.params.thread_id))) throw notFound();
      // None of the items is in this thread (a rating that stored nothing answered {}).
      const rated = await store.setFeedback(req.params.thread_id, req.params.item_ids, req.params.kind);
      if (rated === 0) throw new AppError("chatkit:not_found", "That message does not exist.");
      return {};
    }
  }
}
