import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "IntelliStack Tutor", template: "%s · IntelliStack Tutor" },
  description: "Learn robotics stage by stage, with a Socratic AI tutor that knows the lesson in front of you.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/**
 * Every page is rendered per request: proxy.ts gives each response a fresh CSP nonce, which
 * Next puts on its scripts while rendering; a page prerendered at build time would carry none
 * and its scripts would be blocked.
 */
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        {/* The first stop for Tab: past the header and its menu, straight to the page. */}
        <a
          href="#main"
          className="sr-only z-50 rounded-md bg-background font-medium text-sm shadow focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:px-3 focus:py-2 focus:ring-2 focus:ring-ring"
        >
          Skip to content
        </a>
        {children}
      </body>
    </html>
  );
}
