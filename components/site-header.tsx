import { GraduationCap } from "lucide-react";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Button } from "@/components/ui/button";
import { isStaff, type Role } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";
import { type NavLink, SiteMenu } from "./site-menu";

/** Where a signed-in user can go: learners' pages, then the staff areas their role opens. */
function navLinks(role: Role): NavLink[] {
  const links: NavLink[] = [
    { href: "/learn", label: "My course" },
    { href: "/learn/chats", label: "Conversations" },
  ];
  if (isStaff(role)) {
    links.push(
      { href: "/instructor", label: "Lessons" },
      { href: "/admin", label: role === "admin" ? "Admin" : "Review" },
    );
  }
  return links;
}

/**
 * The site header. From `md` up the links sit in a row; below it (phones) they move into a
 * menu button, so the header never makes the page wider than the screen.
 */
export async function SiteHeader({ wide = false }: { wide?: boolean }) {
  const user = await getSessionUser();
  const links = user ? navLinks(user.role) : [];
  const who = user ? `${user.name}${isStaff(user.role) ? ` · ${user.role}` : ""}` : "";
  return (
    <header className="sticky top-0 z-30 border-b bg-background/85 backdrop-blur">
      <div
        className={`relative mx-auto flex h-14 items-center justify-between gap-4 px-4 ${wide ? "max-w-7xl" : "max-w-6xl"}`}
      >
        <Link href="/" className="flex min-w-0 items-center gap-2 font-semibold">
          <GraduationCap className="size-5 shrink-0 text-primary" aria-hidden />
          <span className="truncate">IntelliStack Tutor</span>
        </Link>
        {user ? (
          <>
            <nav aria-label="Main" className="hidden items-center gap-3 text-sm md:flex">
              {links.map((l) => (
                <Link key={l.href} href={l.href} className="text-muted-foreground hover:text-foreground">
                  {l.label}
                </Link>
              ))}
              <Link
                href="/account"
                className="max-w-48 truncate text-muted-foreground hover:text-foreground"
                title="Your account"
                data-testid="signed-in-as"
              >
                {who}
              </Link>
              <Link href="/account/security" className="text-muted-foreground hover:text-foreground">
                Security
              </Link>
              <SignOutButton />
            </nav>
            <SiteMenu
              links={[
                ...links,
                { href: "/account", label: "Your account" },
                { href: "/account/security", label: "Sign-in security" },
              ]}
              who={who}
              className="md:hidden"
            />
          </>
        ) : (
          <nav aria-label="Main" className="flex shrink-0 items-center gap-3 text-sm">
            <Link href="/sign-in" className="text-muted-foreground hover:text-foreground">
              Sign in
            </Link>
            <Button asChild size="sm">
              <Link href="/sign-up">Create account</Link>
            </Button>
          </nav>
        )}
      </div>
    </header>
  );
}
