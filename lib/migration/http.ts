import "server-only";
import type { Db } from "@/db/client";
import { AppError, publicMessage } from "@/lib/errors";
import { executeImport, type ImportOutcome, type ImportProgress, type Operator } from "./import";
import { ImportFileError, parseUserFile } from "./parse";
import { type ImportPlan, planImport } from "./plan";

/** Largest upload /admin/import takes; bigger files go through the CLI (no limit there). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** One line of the NDJSON stream POST /api/admin/import answers a real run with. */
export type ImportStreamEvent =
  | { type: "progress"; done: number; total: number }
  | { type: "done"; outcome: ImportOutcome }
  | { type: "error"; error: { code: string; message: string } };

/** The upload's bytes, refused before reading when the declared size is already too big. */
export async function readUpload(request: Request): Promise<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_UPLOAD_BYTES) throw new AppError("import:too_large");
  const bytes = new Uint8Array(await request.arrayBuffer());
  if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError("import:too_large");
  if (bytes.length === 0) throw new AppError("import:invalid_file", "Choose a file to upload: the request had none.");
  return bytes;
}

/** Checks an uploaded file; a file that is not an export at all is a 400 with its one sentence. */
export async function checkUpload({ db, bytes, fileName }: { db: Db; bytes: Uint8Array; fileName: string }) {
  try {
    return await planImport({ db, bytes, fileName, parsed: parseUserFile(bytes) });
  } catch (err) {
    if (err instanceof ImportFileError) throw new AppError("import:invalid_file", `${fileName}: ${err.message}`);
    throw err;
  }
}

/**
 * Runs a checked, clean import and reports as it goes: one JSON object per line (progress
 * after each batch, then the outcome or an error), so the page can draw a progress bar from
 * a single request.
 */
export function importStream({
  db,
  plan,
  operator,
}: {
  db: Db;
  plan: ImportPlan;
  operator: Operator;
}): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  // Progress is written from inside the import's transaction. The reader may go away (tab
  // closed, laptop asleep): a write to a cancelled stream throws, which would roll the whole
  // import back. So once the stream is gone, writes are dropped and the import carries on.
  let open = true;
  return new ReadableStream({
    async start(controller) {
      const send = (event: ImportStreamEvent) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
        } catch {
          open = false;
        }
      };
      try {
        const outcome = await executeImport({
          db,
          plan,
          operator,
          onProgress: (p: ImportProgress) => send({ type: "progress", ...p }),
        });
        send({ type: "done", outcome });
      } catch (err) {
        if (!(err instanceof AppError)) console.error(err);
        const code = err instanceof AppError ? err.code : "server:internal";
        send({ type: "error", error: { code, message: publicMessage(err) } });
      } finally {
        if (open) {
          open = false;
          controller.close();
        }
      }
    },
    cancel() {
      open = false;
    },
  });
}
