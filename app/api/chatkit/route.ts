import { getDb } from "@/db/client";
import { apiRoute } from "@/lib/api/api-route";
import { chatkitErrorResponse, handleChatkit } from "@/lib/chatkit/server";
import { env } from "@/lib/env";
import { retrieverFor } from "@/lib/rag/choose";
import { tutorModelFromEnv } from "@/lib/tutor/model";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 120;

/**
 * handleChatkit answers its own failures; opening the database for it happens before, so a
 * database that cannot be opened is answered here (apiRoute): a 503 `db:unavailable` in
 * ChatKit's error shape, before any stream starts.
 */
export const POST = apiRoute(async (request: Request) => {
  const config = env();
  const db = await getDb();
  return handleChatkit(request, {
    db,
    model: tutorModelFromEnv(config),
    retriever: retrieverFor(config, db),
    dailyLimit: config.tutorDailyLimit,
  });
}, chatkitErrorResponse);
