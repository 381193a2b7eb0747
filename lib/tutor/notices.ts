/**
 * Titles of the notices a tutor turn emits. Clients recognise a notice by its title (the
 * built-in chat shows a badge for retrieval-only mode), so they import these, never copy them.
 */
export const RETRIEVAL_ONLY_TITLE = "Retrieval-only mode";
export const SEARCH_UNAVAILABLE_TITLE = "Course search unavailable";
