import "server-only";
import { env } from "@/lib/env";

/** Social providers with both an id and a secret configured; the others stay hidden. */
export function configuredProviders(): string[] {
  const { social } = env();
  return [social.google ? "google" : null, social.github ? "github" : null].filter((p): p is string => p !== null);
}
