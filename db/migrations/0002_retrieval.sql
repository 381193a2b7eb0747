-- Hand-written: pg_trgm gives retrieval its typo tolerance (similarity() against the course's
-- terms). It is a trusted extension, so the database owner may create it (Postgres 13+, Neon;
-- PGlite loads it from @electric-sql/pglite/contrib/pg_trgm in db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- The search vector is now built by the app (lib/rag/document.ts). Existing rows keep their old
-- vector with analyzer '' until the next seed or content:reindex rebuilds them.
ALTER TABLE "lesson_chunk" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "course" ADD COLUMN "glossary" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lesson_chunk" ADD COLUMN "analyzer" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_event" ADD COLUMN "searches" jsonb DEFAULT '[]'::jsonb NOT NULL;