import { SiteHeader } from "@/components/site-header";
import { requireRole } from "@/lib/auth/session";

export default async function InstructorLayout({ children }: { children: React.ReactNode }) {
  await requireRole(["instructor", "admin"], "/instructor");
  return (
    <>
      <SiteHeader wide />
      <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-7xl px-4 py-8">
        {children}
      </main>
    </>
  );
}
