import { after } from "next/server";
import { withUrgency } from "@/db/urgency";

/**
 * Runs work after the response is sent when inside a Next.js request (so it survives on
 * serverless, and a sign-up or reset request takes the same time whether or not an email is
 * sent); elsewhere (CLI, tests) it starts at once. Failures are logged, never thrown. Its
 * statements wait behind requests' when the database is busy (db/urgency.ts: `after`).
 */
export function runInBackground(label: string, task: () => Promise<void>): void {
  const run = () =>
    withUrgency("after", task).catch((err) => {
      console.error(`[${label}] ${(err as Error).message}`);
    });
  try {
    after(run);
  } catch {
    void run();
  }
}
