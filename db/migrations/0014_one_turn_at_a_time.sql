-- One answer at a time per conversation (db/queries/chat-turn.ts): a turn holds its thread until
-- it ends. Parallel copies of one message each read the thread before any had stored it, so each
-- was stored, counted against the quota and answered. A nullable column: no rewrite, no wait.
ALTER TABLE "chat_thread" ADD COLUMN "turn_until" timestamp with time zone;