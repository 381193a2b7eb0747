import { type ClassValue, clsx } from "clsx";

/**
 * Client components and their server render: classes are joined, not merged, which keeps
 * tailwind-merge (8.5 KiB gzipped) out of every page's JavaScript. A className passed to a
 * shared component from a client component must therefore not conflict with the component's
 * own classes; tests/unit/class-overrides.test.ts checks every such literal.
 */
export function cn(...inputs: ClassValue[]) {
  return clsx(inputs);
}
