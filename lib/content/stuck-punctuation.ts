/**
 * Punctuation that must not start a line after a formula: "… = 90°, with" never wraps before
 * the comma (lessons, tutor answers and Ask AI's quote).
 */
export const STUCK_PUNCTUATION = /^[.,;:!?)\]’”]+/;
