import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { mailDir } from "@/lib/auth/instance";
import { readOutbox } from "@/lib/email/send";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Mail outbox" };
export const dynamic = "force-dynamic";

/** Development only: the emails the app would have sent, newest first, links clickable. */
export default async function DevMailPage() {
  if (env().isProduction) notFound();
  const mails = await readOutbox(mailDir());
  return (
    <main id="main" tabIndex={-1} className="outline-none mx-auto max-w-3xl space-y-6 px-4 py-10">
      <h1 className="font-bold text-2xl">Mail outbox</h1>
      <p className="text-muted-foreground text-sm">
        Without RESEND_API_KEY every email is written to {mailDir()} instead of being sent.
      </p>
      {mails.length === 0 ? <p>No emails yet.</p> : null}
      <ol className="space-y-4">
        {mails.map((m) => (
          <li key={m.file} className="rounded-lg border p-4">
            <p className="text-muted-foreground text-xs">
              {new Date(m.sentAt).toLocaleString()} · to {m.to}
            </p>
            <p className="font-medium">{m.subject}</p>
            <pre className="mt-2 whitespace-pre-wrap break-words font-sans text-sm">
              {m.text.split(/(https?:\/\/\S+)/g).map((part, i) =>
                /^https?:\/\//.test(part) ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
                  <a key={i} href={part} className="break-all text-primary underline">
                    {part}
                  </a>
                ) : (
                  part
                ),
              )}
            </pre>
          </li>
        ))}
      </ol>
    </main>
  );
}
