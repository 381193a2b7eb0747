CREATE TABLE "ai_event" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"thread_id" text,
	"model" text,
	"outcome" text NOT NULL,
	"first_token_ms" integer,
	"total_ms" integer NOT NULL,
	"input_tokens" integer DEFAULT 0 NOT NULL,
	"output_tokens" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_item" (
	"id" text PRIMARY KEY NOT NULL,
	"thread_id" text NOT NULL,
	"user_id" text NOT NULL,
	"type" text NOT NULL,
	"role" text,
	"content" jsonb NOT NULL,
	"feedback" text,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "chat_item_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chat_thread" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"title" text,
	"course_id" text,
	"stage_id" text,
	"lesson_id" text,
	"status" jsonb DEFAULT '{"type":"active"}'::jsonb NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (6) with time zone DEFAULT now() NOT NULL,
	"enrollment_ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "tutor_message" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"created_at" timestamp (6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutor_usage_daily" (
	"user_id" text NOT NULL,
	"day" date NOT NULL,
	"messages" integer DEFAULT 0 NOT NULL,
	"errors" integer DEFAULT 0 NOT NULL,
	"total_ms" bigint DEFAULT 0 NOT NULL,
	"max_ms" integer DEFAULT 0 NOT NULL,
	"first_token_total_ms" bigint DEFAULT 0 NOT NULL,
	"first_token_max_ms" integer DEFAULT 0 NOT NULL,
	"input_tokens" bigint DEFAULT 0 NOT NULL,
	"output_tokens" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "tutor_usage_daily_user_id_day_pk" PRIMARY KEY("user_id","day")
);
--> statement-breakpoint
ALTER TABLE "chat_item" ADD CONSTRAINT "chat_item_thread_id_chat_thread_id_fk" FOREIGN KEY ("thread_id") REFERENCES "public"."chat_thread"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_thread" ADD CONSTRAINT "chat_thread_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_message" ADD CONSTRAINT "tutor_message_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tutor_usage_daily" ADD CONSTRAINT "tutor_usage_daily_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ai_event_created_idx" ON "ai_event" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "ai_event_user_idx" ON "ai_event" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_item_thread_idx" ON "chat_item" USING btree ("thread_id","seq");--> statement-breakpoint
CREATE INDEX "chat_item_user_idx" ON "chat_item" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_thread_user_idx" ON "chat_thread" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "chat_thread_retention_idx" ON "chat_thread" USING btree ("enrollment_ended_at");--> statement-breakpoint
CREATE INDEX "tutor_message_user_idx" ON "tutor_message" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "tutor_usage_day_idx" ON "tutor_usage_daily" USING btree ("day");