/**
 * `cn(...)`: class names for a component. One import for every component, two builds of it
 * (package.json "imports" → "#class-names"): server components merge conflicting Tailwind
 * utilities (lib/class-names/merge.ts); client components join them (lib/class-names/join.ts).
 */
export { cn } from "#class-names";
