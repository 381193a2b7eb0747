CREATE TABLE "tutor_feedback" (
	"item_id" text PRIMARY KEY NOT NULL,
	"thread_id" text NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tutor_limit" (
	"user_id" text PRIMARY KEY NOT NULL,
	"daily_limit" integer,
	"reset_at" timestamp (6) with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "enrollment" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"course_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tutor_usage_daily" DROP CONSTRAINT "tutor_usage_daily_user_id_user_id_fk";
--> statement-breakpoint
DROP INDEX "chat_thread_retention_idx";--> statement-breakpoint
ALTER TABLE "tutor_limit" ADD CONSTRAINT "tutor_limit_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment" ADD CONSTRAINT "enrollment_course_id_course_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."course"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tutor_feedback_updated_idx" ON "tutor_feedback" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_user_course_uidx" ON "enrollment" USING btree ("user_id","course_id");--> statement-breakpoint
CREATE INDEX "enrollment_status_idx" ON "enrollment" USING btree ("status","ended_at");--> statement-breakpoint
CREATE INDEX "enrollment_course_idx" ON "enrollment" USING btree ("course_id","status");--> statement-breakpoint
-- Hand-written data migration (issue 11): the enrolment moves from chat_thread.enrollment_ended_at
-- to the enrollment table. A learner whose threads carried an end date gets an ended enrolment in
-- that course with the latest of those dates; the old column did not say how it ended, so it
-- becomes 'withdrawn' (no claim of completion). Threads without a course count for the default
-- course (the first by id), the one the app shows.
INSERT INTO "enrollment" ("id", "user_id", "course_id", "status", "started_at", "ended_at", "updated_at")
SELECT gen_random_uuid()::text, t."user_id", c."id", 'withdrawn', min(u."created_at"), max(t."enrollment_ended_at"), now()
FROM "chat_thread" t
JOIN "user" u ON u."id" = t."user_id"
JOIN "course" c ON c."id" = coalesce(t."course_id", (SELECT min("id") FROM "course"))
WHERE t."enrollment_ended_at" IS NOT NULL
GROUP BY t."user_id", c."id"
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Every other existing student is enrolled (active) in the default course from their sign-up day,
-- as a new sign-up is from now on.
INSERT INTO "enrollment" ("id", "user_id", "course_id", "status", "started_at", "updated_at")
SELECT gen_random_uuid()::text, u."id", c."id", 'active', u."created_at", now()
FROM "user" u
CROSS JOIN (SELECT min("id") AS "id" FROM "course") c
WHERE c."id" IS NOT NULL AND coalesce(u."role", 'student') = 'student'
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- Feedback already given keeps counting on the usage page.
INSERT INTO "tutor_feedback" ("item_id", "thread_id", "user_id", "kind", "updated_at")
SELECT "id", "thread_id", "user_id", "feedback", "created_at" FROM "chat_item" WHERE "feedback" IN ('positive', 'negative')
ON CONFLICT DO NOTHING;--> statement-breakpoint
ALTER TABLE "chat_thread" DROP COLUMN "enrollment_ended_at";