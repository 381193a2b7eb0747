import { LESSON_HEADER } from "@/lib/chatkit/protocol";
import { localizeQuotaResponse } from "./wording";

interface ChatkitFetchOptions {
  /** A session JWT for the Authorization header (null: the cookie alone). */
  bearer: () => Promise<string | null>;
  /** The lesson open beside the chat, sent so the tutor knows the page. */
  lessonId?: string | null;
  fetch?: typeof fetch;
}

/**
 * ChatKit's api.fetch: its requests, relayed from its iframe, with the Bearer JWT, the open
 * lesson and our cookie. Every ChatKit request is JSON; one that arrives without a Content-Type
 * is labelled so (the server accepts only JSON, which a cross-site form cannot send), since the
 * protocol does not promise the header. A quota refusal is worded for the learner.
 */
export function chatkitFetch({ bearer, lessonId, fetch: send = fetch }: ChatkitFetchOptions): typeof fetch {
  return async (input, init) => {
    const headers = new Headers(init?.headers);
    const token = await bearer();
    if (token) headers.set("Authorization", `Bearer ${token}`);
    if (lessonId) headers.set(LESSON_HEADER, lessonId);
    if (!headers.has("content-type") && typeof init?.body === "string") headers.set("Content-Type", "application/json");
    return localizeQuotaResponse(await send(input, { ...init, headers, credentials: "same-origin" }));
  };
}
