import Link from "next/link";
import { Button } from "@/components/ui/button";

/**
 * The body of a 404. The root not-found page adds the site header; the learner, staff and
 * instructor areas render this inside their own layout, which already has one.
 */
export function NotFoundMessage({
  backHref = "/learn",
  backLabel = "Back to the course",
  hint = "Check the address, or go back and follow a link.",
}) {
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="font-bold text-3xl">Page not found</h1>
      <p className="mt-3 text-muted-foreground">There is no page at this address. {hint}</p>
      <Button asChild className="mt-6">
        <Link href={backHref}>{backLabel}</Link>
      </Button>
    </div>
  );
}
