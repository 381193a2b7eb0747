import { NotFoundMessage } from "@/components/not-found-message";
import { SiteHeader } from "@/components/site-header";

export default function NotFound() {
  return (
    <>
      <SiteHeader />
      <main className="px-4">
        <NotFoundMessage />
      </main>
    </>
  );
}
