-- Hand-written: pg_trgm gives retrieval its typo tolerance (the trigram index on lesson_term).
-- It is a trusted extension, so the database owner may create it (Postgres 13+, Neon; PGlite
-- loads it from @electric-sql/pglite/contrib/pg_trgm in db/client.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- The search vector is now built by the app (lib/rag/document.ts). Existing rows keep their old
-- vector with analyzer '' until the next seed or content:reindex rebuilds them (and fills
-- lesson_term).
CREATE TABLE "lesson_term" (
	"lesson_id" text NOT NULL,
	"stage_id" text NOT NULL,
	"course_id" text NOT NULL,
	"lexeme" text NOT NULL,
	CONSTRAINT "lesson_term_lesson_id_lexeme_pk" PRIMARY KEY("lesson_id","lexeme")
);
--> statement-breakpoint
ALTER TABLE "lesson_chunk" ALTER COLUMN "tsv" DROP EXPRESSION;--> statement-breakpoint
ALTER TABLE "course" ADD COLUMN "glossary" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lesson_chunk" ADD COLUMN "analyzer" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "ai_event" ADD COLUMN "searches" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "lesson_term" ADD CONSTRAINT "lesson_term_lesson_id_lesson_id_fk" FOREIGN KEY ("lesson_id") REFERENCES "public"."lesson"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lesson_term_stage_idx" ON "lesson_term" USING btree ("course_id","stage_id");--> statement-breakpoint
CREATE INDEX "lesson_term_trgm_idx" ON "lesson_term" USING gin ("lexeme" gin_trgm_ops);