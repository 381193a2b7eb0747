"use client";

import { useEffect, useState } from "react";
import { CHATKIT_SCRIPT } from "@/lib/chatkit/client/cdn";
import { isDefined } from "./chatkit-element";

/**
 * Loads ChatKit's CDN script once and answers whether `<openai-chatkit>` got defined: true,
 * false (script failed or too slow), or null while waiting. Offline, under a strict CSP or on
 * an unregistered domain the answer is false, and the built-in client takes over. The script
 * element remembers a failure, so a panel opened later (another lesson, the chats page) falls
 * back at once instead of waiting out the timeout for an error that already happened.
 */
export function useChatKitDefined(enabled: boolean, timeoutMs = 4_000): boolean | null {
  const [defined, setDefined] = useState<boolean | null>(() => (isDefined() ? true : null));
  useEffect(() => {
    if (!enabled || defined !== null) return;
    let script = document.querySelector<HTMLScriptElement>(`script[src="${CHATKIT_SCRIPT}"]`);
    if (!script) {
      const created = document.createElement("script");
      created.src = CHATKIT_SCRIPT;
      created.async = true;
      created.addEventListener("error", () => {
        created.dataset.failed = "true";
      });
      document.head.appendChild(created);
      script = created;
    }
    if (script.dataset.failed === "true") {
      setDefined(false);
      return;
    }
    let settled = false;
    const settle = (value: boolean) => {
      if (settled) return;
      settled = true;
      setDefined(value);
    };
    const onError = () => settle(false);
    script.addEventListener("error", onError);
    const timer = setTimeout(() => settle(isDefined()), timeoutMs);
    customElements.whenDefined("openai-chatkit").then(() => settle(true));
    return () => {
      clearTimeout(timer);
      script?.removeEventListener("error", onError);
    };
  }, [enabled, defined, timeoutMs]);
  return defined;
}
