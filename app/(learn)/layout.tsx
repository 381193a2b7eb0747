import { SiteHeader } from "@/components/site-header";

export default function LearnLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <SiteHeader />
      <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-6xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
