import { GraduationCap } from "lucide-react";
import Link from "next/link";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { Button } from "@/components/ui/button";
import { isStaff } from "@/lib/auth/roles";
import { getSessionUser } from "@/lib/auth/session";

export async function SiteHeader() {
  const user = await getSessionUser();
  return (
    <header className="sticky top-0 z-30 border-b bg-background/85 backdrop-blur">
      {/* On a phone the name gives way to the links, which wrap rather than run off the screen. */}
      <div className="mx-auto flex min-h-14 max-w-6xl items-center justify-between gap-x-4 gap-y-1 px-4 py-2">
        <Link href="/" className="flex shrink-0 items-center gap-2 font-semibold">
          <GraduationCap className="size-5 text-primary" aria-hidden />
          <span className="sr-only sm:not-sr-only">IntelliStack Tutor</span>
        </Link>
        <nav
          aria-label="Main"
          className="flex flex-wrap items-center justify-end gap-x-3 gap-y-1 whitespace-nowrap text-sm"
        >
          {user ? (
            <>
              <Link href="/learn" className="text-muted-foreground hover:text-foreground">
                My course
              </Link>
              <Link href="/learn/chats" className="text-muted-foreground hover:text-foreground">
                Conversations
              </Link>
              {isStaff(user.role) ? (
                <>
                  <Link href="/instructor" className="text-muted-foreground hover:text-foreground">
                    Lessons
                  </Link>
                  <Link href="/admin" className="text-muted-foreground hover:text-foreground">
                    {user.role === "admin" ? "Admin" : "Review"}
                  </Link>
                </>
              ) : null}
              <Link
                href="/account"
                className="text-muted-foreground hover:text-foreground"
                aria-label={`Your account (${user.name})`}
              >
                <span className="sm:hidden">Account</span>
                <span className="hidden sm:inline" data-testid="signed-in-as">
                  {user.name}
                  {isStaff(user.role) ? ` · ${user.role}` : ""}
                </span>
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/sign-in" className="text-muted-foreground hover:text-foreground">
                Sign in
              </Link>
              <Button asChild size="sm">
                <Link href="/sign-up">Create account</Link>
              </Button>
            </>
          )}
        </nav>
      </div>
    </header>
  );
}
