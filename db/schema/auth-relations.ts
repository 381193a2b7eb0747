import { relations } from "drizzle-orm";
import { account, session, user } from "./auth";

// The relations better-auth's joined reads use (`advanced.database.joins` in lib/auth/auth.ts):
// a session with its user in one statement on every authenticated request, an account with its
// user (social sign-in), a user with its accounts (sign-in by email).
export const userRelations = relations(user, ({ many }) => ({ accounts: many(account) }));

export const sessionRelations = relations(session, ({ one }) => ({
  user: one(user, { fields: [session.userId], references: [user.id] }),
}));

export const accountRelations = relations(account, ({ one }) => ({
  user: one(user, { fields: [account.userId], references: [user.id] }),
}));
