import { z } from "zod";

const isEmail = (v: string) => z.email().safeParse(v).success;

export interface ParsedEmailList {
  /** Valid addresses, lower-cased, each once, in the order first seen. */
  emails: string[];
  /** Entries that are not email addresses (shown back, never silently dropped). */
  invalid: string[];
}

/**
 * An uploaded or pasted list of emails: one per line, or separated by commas, semicolons or
 * spaces; a CSV with a header works too (its header and non-email cells are reported as
 * invalid only when they look like an attempt at an address).
 */
export function parseEmailList(text: string): ParsedEmailList {
  const emails: string[] = [];
  const seen = new Set<string>();
  const invalid: string[] = [];
  for (const raw of text.split(/[\s,;]+/)) {
    const token = raw.trim().replace(/^["'<]+|[">']+$/g, "");
    if (!token) continue;
    const email = token.toLowerCase();
    if (isEmail(email)) {
      if (!seen.has(email)) {
        seen.add(email);
        emails.push(email);
      }
    } else if (token.includes("@")) {
      invalid.push(token.slice(0, 254));
    }
  }
  return { emails, invalid };
}
