import type { OutputText, UserMessageContent } from "./protocol";

/** The text a learner typed in one user message (tags as "@label"). */
export function userText(content: UserMessageContent[]): string {
  return content
    .map((c) => (c.type === "input_text" ? c.text : `@${c.text}`))
    .join(" ")
    .trim();
}

/** The text of one tutor message (its output parts, a line each). */
export function assistantText(content: Pick<OutputText, "text">[]): string {
  return content.map((p) => p.text).join("\n");
}
