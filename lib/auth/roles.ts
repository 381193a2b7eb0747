export const roles = ["student", "instructor", "admin"] as const;
export type Role = (typeof roles)[number];

/** Instructors and admins see every stage and are exempt from the student tutor quota. */
export const isStaff = (role: Role) => role === "instructor" || role === "admin";
