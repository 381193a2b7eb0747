import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

export interface Email {
  to: string;
  subject: string;
  /** The plain-text part; carries every link in full. */
  text: string;
  html: string;
}

export interface Mailer {
  send(email: Email): Promise<void>;
}

/**
 * Without RESEND_API_KEY every email is written to DATA_DIR/mail/ as one JSON file
 * `{ to, subject, text, html, sentAt }`; /dev/mail lists them in development.
 */
export function outboxMailer(dir: string): Mailer {
  return {
    async send(email) {
      await fs.mkdir(dir, { recursive: true });
      const sentAt = new Date().toISOString();
      const file = path.join(dir, `${sentAt.replace(/[:.]/g, "-")}-${randomUUID().slice(0, 8)}.json`);
      await fs.writeFile(file, JSON.stringify({ ...email, sentAt }, null, 2));
    },
  };
}

export function resendMailer(apiKey: string, from: string): Mailer {
  return {
    async send(email) {
      const { Resend } = await import("resend");
      const { error } = await new Resend(apiKey).emails.send({ from, ...email });
      if (error) throw new Error(`Resend refused the email: ${error.message}`);
    },
  };
}

export interface OutboxEntry extends Email {
  sentAt: string;
  file: string;
}

/** The outbox, newest first. */
export async function readOutbox(dir: string): Promise<OutboxEntry[]> {
  let files: string[];
  try {
    files = (await fs.readdir(dir)).filter((f) => f.endsWith(".json"));
  } catch {
    return [];
  }
  const entries = await Promise.all(
    files.map(async (f) => ({
      ...(JSON.parse(await fs.readFile(path.join(dir, f), "utf8")) as Email & { sentAt: string }),
      file: f,
    })),
  );
  return entries.sort((a, b) => b.sentAt.localeCompare(a.sentAt) || b.file.localeCompare(a.file));
}
