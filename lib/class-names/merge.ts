import { type ClassValue, clsx } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Server components (the `react-server` condition, see package.json "imports"): conflicting
 * utilities are merged, so `<Button className="px-2">` overrides the variant's `px-4`.
 */
export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}
