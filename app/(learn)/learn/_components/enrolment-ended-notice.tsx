import { CalendarX } from "lucide-react";
import Link from "next/link";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import type { LearnerEnrolment } from "@/lib/enrolment/enrolment";

const day = (d: Date) =>
  d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * What a learner whose enrolment ended may still do (README, "Enrolments"): read the lessons
 * they unlocked, read past conversations until they are deleted, download their data.
 */
export function EnrolmentEndedNotice({ enrolment }: { enrolment: LearnerEnrolment }) {
  const how = enrolment.status === "completed" ? "You completed this course" : "Your enrolment in this course ended";
  return (
    <Alert data-testid="enrolment-ended-notice">
      <CalendarX aria-hidden />
      <AlertTitle>
        {how}
        {enrolment.endedAt ? ` on ${day(enrolment.endedAt)}` : ""}.
      </AlertTitle>
      <AlertDescription>
        <p>
          You can still read the lessons you unlocked and your past conversations. The tutor is closed and your progress
          no longer changes.
        </p>
        {enrolment.conversationsDeletedAfter ? (
          <p>
            Your tutor conversations will be deleted after {day(enrolment.conversationsDeletedAfter)}.{" "}
            <Link href="/account#your-data" className="font-medium text-primary underline-offset-2 hover:underline">
              Download your data
            </Link>{" "}
            to keep a copy.
          </p>
        ) : null}
      </AlertDescription>
    </Alert>
  );
}
