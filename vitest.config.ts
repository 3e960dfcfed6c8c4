import { defineConfig } from "vitest/config";

// Two projects: unit tests sit beside their code and need nothing; integration tests under test/
// share one migrated database template built once by the global setup (PGlite always, PostgreSQL
// too when DATABASE_URL is set).
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["src/**/*.test.ts"] } },
      {
        test: {
          name: "integration",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
