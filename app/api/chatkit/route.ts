import { getDb } from "@/db/client";
import { handleChatkit } from "@/lib/chatkit/server";
import { env } from "@/lib/env";
import { retrieverFor } from "@/lib/rag/choose";
import { tutorModelFromEnv } from "@/lib/tutor/model";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
export const maxDuration = 120;

export async function POST(request: Request): Promise<Response> {
  const config = env();
  const db = await getDb();
  return handleChatkit(request, {
    db,
    model: tutorModelFromEnv(config),
    retriever: retrieverFor(config, db),
    dailyLimit: config.tutorDailyLimit,
  });
}
