import Link from "next/link";
import { SiteHeader } from "@/components/site-header";
import { Button } from "@/components/ui/button";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main className="mx-auto max-w-xl px-4 py-24 text-center">
        <h1 className="font-bold text-3xl">Page not found</h1>
        <p className="mt-3 text-muted-foreground">
          There is no page at this address. The lesson may have been renamed or moved.
        </p>
        <Button asChild className="mt-6">
          <Link href="/learn">Back to the course</Link>
        </Button>
      </main>
    </>
  );
}
