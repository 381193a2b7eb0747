/**
 * Whether `<openai-chatkit>` is defined in this browser (its CDN script has run). Kept apart from
 * the panel so asking does not pull ChatKit's React code into the lesson page's first load.
 */
export const isDefined = () => typeof customElements !== "undefined" && !!customElements.get("openai-chatkit");
