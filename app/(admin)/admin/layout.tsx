import Link from "next/link";
import { SiteHeader } from "@/components/site-header";
import { requireRole } from "@/lib/auth/session";

const adminLinks = [
  ["/admin/users", "Users"],
  ["/admin/enrolments", "Enrolments"],
  ["/admin/audit", "Audit log"],
  ["/admin/usage", "AI usage"],
  ["/admin/threads", "Tutor threads"],
  ["/admin/retention", "Retention"],
  ["/admin/oauth", "OAuth clients"],
  ["/admin/import", "Import users"],
] as const;

/** Staff area. Each page checks its own role again; this only shapes the navigation. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const user = await requireRole(["admin", "instructor"], "/admin");
  const links = user.role === "admin" ? adminLinks : adminLinks.filter(([href]) => href === "/admin/threads");
  return (
    <>
      <SiteHeader wide />
      <div className="mx-auto grid max-w-7xl grid-cols-[minmax(0,1fr)] gap-6 px-4 py-6 md:grid-cols-[12rem_minmax(0,1fr)] md:gap-8 md:py-8">
        {/* A row that scrolls sideways on phones, a column beside the page from md up. */}
        <nav
          aria-label="Administration"
          className="-mx-4 relative flex gap-1 overflow-x-auto px-4 text-sm md:mx-0 md:block md:space-y-1 md:overflow-visible md:px-0"
        >
          <p className="mb-2 hidden font-semibold md:block">{user.role === "admin" ? "Administration" : "Staff"}</p>
          {links.map(([href, label]) => (
            <Link
              key={href}
              href={href}
              className="block shrink-0 whitespace-nowrap rounded-md px-2 py-1.5 text-muted-foreground hover:bg-muted hover:text-foreground"
            >
              {label}
            </Link>
          ))}
        </nav>
        <main className="min-w-0">{children}</main>
      </div>
    </>
  );
}
