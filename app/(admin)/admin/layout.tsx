import { SiteHeader } from "@/components/site-header";
import { requireRole } from "@/lib/auth/session";
import { AdminNavLink } from "./_components/admin-nav-link";

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
        {/* Rows that wrap on phones (every page in sight), a column beside the page from md up. */}
        <nav aria-label="Administration" className="flex flex-wrap gap-1 text-sm md:block md:space-y-1">
          <p className="mb-2 hidden font-semibold md:block">{user.role === "admin" ? "Administration" : "Staff"}</p>
          {links.map(([href, label]) => (
            <AdminNavLink key={href} href={href}>
              {label}
            </AdminNavLink>
          ))}
        </nav>
        <main id="main" tabIndex={-1} className="staff-main outline-none min-w-0">
          {children}
        </main>
      </div>
    </>
  );
}
