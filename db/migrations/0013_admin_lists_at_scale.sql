-- The admin lists at a school's scale (tests/integration/admin-list-indexes.test.ts). Timed on a
-- real Postgres with 200,000 users, 200,000 enrolments in one course, 600,000 threads and two
-- million audit events, medians of 5 on a busy 2-core machine, before -> after (with the page-first
-- queries of db/queries/admin-users.ts and enrollment.ts): a user search by part of an address
-- 593 -> 7 ms; the first page of users 132 -> 100 ms (the total's count), page 3,000 973 -> 115 ms;
-- a course's first page of enrolments 502 -> 73 ms, a search in it 461 -> 9 ms; the newest threads
-- for review 391 -> 1 ms, by a learner's address 177 -> 4 ms. The trigram indexes hold writes to
-- "user" while they build: about 4 s for 200,000 users (docs/deployment.md).
CREATE INDEX "user_created_idx" ON "user" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "user_email_trgm_idx" ON "user" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "user_name_trgm_idx" ON "user" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "chat_thread_created_idx" ON "chat_thread" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "enrollment_course_started_idx" ON "enrollment" USING btree ("course_id","started_at");