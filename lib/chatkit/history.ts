import type { ModelMessage } from "ai";
import type { ItemRow } from "@/db/queries/chat";
import { selectedTextBlock } from "@/lib/tutor/prompt";
import { assistantText, userText } from "./message-text";
import { isHidden, type OutputText, type UserMessageContent } from "./protocol";

/** Stored thread items → the model's view of the conversation (oldest first). */
export function historyToMessages(items: ItemRow[]): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const item of items) {
    const c = item.content as Record<string, unknown>;
    if (item.type === "user_message") {
      const quoted =
        typeof c.quoted_text === "string" && c.quoted_text ? `\n\n${selectedTextBlock(c.quoted_text)}` : "";
      messages.push({ role: "user", content: `${userText((c.content as UserMessageContent[]) ?? [])}${quoted}` });
    } else if (item.type === "assistant_message") {
      const text = assistantText((c.content as OutputText[]) ?? []);
      if (text) messages.push({ role: "assistant", content: text });
    } else if (isHidden(item.type)) {
      messages.push({ role: "user", content: `[Note from the app, not the learner] ${String(c.content ?? "")}` });
    }
  }
  return messages;
}
