import { defineConfig } from "drizzle-kit";

// Migrations are generated from src/store/schema and committed; `npm run db:check` fails when they
// are out of step with the schema.
export default defineConfig({
  dialect: "postgresql",
  schema: "./src/store/schema/index.ts",
  out: "./src/store/migrations",
});
