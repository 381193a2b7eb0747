import { defineConfig } from "drizzle-kit";

// Only `drizzle-kit generate` is used: it needs the schema, not a database. Migrations are
// applied by `npm run db:migrate` (scripts/cli.ts) so every driver goes through one path.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
