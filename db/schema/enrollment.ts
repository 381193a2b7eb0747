import { index, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";
import { user } from "./auth";
import { course } from "./content";

export const enrollmentStatuses = ["active", "completed", "withdrawn"] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];

/**
 * One learner in one course. An ended enrolment (completed or withdrawn) keeps its row: its
 * `ended_at` is what starts the 30-day clock after which retention deletes the learner's
 * conversations in that course.
 */
export const enrollment = pgTable(
  "enrollment",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    courseId: text("course_id")
      .notNull()
      .references(() => course.id, { onDelete: "cascade" }),
    status: text("status").$type<EnrollmentStatus>().notNull().default("active"),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("enrollment_user_course_uidx").on(t.userId, t.courseId),
    index("enrollment_status_idx").on(t.status, t.endedAt),
    index("enrollment_course_idx").on(t.courseId, t.status),
    // The admin list: one course's enrolments, newest first.
    index("enrollment_course_started_idx").on(t.courseId, t.startedAt),
  ],
);
