import { createAccessControl } from "better-auth/plugins/access";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";

/**
 * Roles for the admin plugin. Admins get every admin statement (or admin endpoints reject
 * them) plus the app's own resources; instructors edit course content; students have none.
 */
const statements = {
  ...defaultStatements,
  course: ["create", "update", "delete"],
  thread: ["review"],
} as const;

export const ac = createAccessControl(statements);

export const roleDefinitions = {
  student: ac.newRole({}),
  instructor: ac.newRole({ course: ["create", "update"], thread: ["review"] }),
  admin: ac.newRole({ ...adminAc.statements, course: ["create", "update", "delete"], thread: ["review"] }),
};
