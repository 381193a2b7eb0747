import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { AccountSection } from "./account-section";

export interface EnrolmentView {
  courseTitle: string;
  status: string;
  startedAt: string;
  endedAt: string | null;
}

const day = (iso: string) => iso.slice(0, 10);

/** The learner's enrolments, and one JSON file with everything we hold about them. */
export function DataSection({ enrolments }: { enrolments: EnrolmentView[] }) {
  return (
    <AccountSection
      id="your-data"
      title="Your data"
      description="One JSON file with your profile, enrolments, progress, every conversation with the tutor (messages included) and the sign-in events about you."
    >
      {enrolments.length > 0 ? (
        <ul className="space-y-1 text-sm" data-testid="account-enrolments">
          {enrolments.map((e) => (
            <li key={e.courseTitle}>
              <span className="font-medium">{e.courseTitle}</span>: {e.status} since {day(e.startedAt)}
              {e.endedAt ? `, ended ${day(e.endedAt)}` : ""}
            </li>
          ))}
        </ul>
      ) : null}
      <Button asChild variant="secondary">
        <a href="/account/export" download>
          <Download aria-hidden /> Download my data
        </a>
      </Button>
    </AccountSection>
  );
}
