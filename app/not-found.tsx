import { NotFoundMessage } from "@/components/not-found-message";
import { SiteHeader } from "@/components/site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1} className="outline-none px-4">
        <NotFoundMessage backHref="/" backLabel="Go to the home page" />
      </main>
    </>
  );
}
