import { describe, expect, it } from "vitest";
import { isHighwayError } from "../domain/errors.js";
import { ConfigSchema, ENV_NAMES, loadConfig } from "./config.js";

describe("configuration", () => {
  it("has defaults for everything optional", () => {
    const config = loadConfig({ env: {} });
    expect(config.port).toBe(8080);
    expect(config.dataDir).toMatch(/\.highway$/);
    expect(config.databaseUrl).toBeUndefined();
    expect(Object.isFrozen(config)).toBe(true);
  });

  it("reads PORT and DATABASE_URL under their customary names and HIGHWAY_ keys", () => {
    const config = loadConfig({ env: { PORT: "9090", DATABASE_URL: "postgres://x@y/z", HIGHWAY_LOG_LEVEL: "warn", HIGHWAY_SECURE_COOKIES: "true" } });
    expect(config).toMatchObject({ port: 9090, databaseUrl: "postgres://x@y/z", logLevel: "warn", secureCookies: true });
  });

  it("reports every problem at once, naming the variable", () => {
    try {
      loadConfig({ env: { PORT: "x", HIGHWAY_LOG_LEVEL: "loud", DATABASE_URL: "mysql://a" } });
      expect.unreachable();
    } catch (error) {
      expect(isHighwayError(error, "CONFIG_INVALID")).toBe(true);
      const fields = (error as { violations: { field: string }[] }).violations.map((v) => v.field);
      expect(fields).toEqual(expect.arrayContaining(["port (PORT)", "logLevel (HIGHWAY_LOG_LEVEL)", "databaseUrl (DATABASE_URL)"]));
    }
  });

  it("warns about unknown HIGHWAY_ variables", () => {
    const warnings: string[] = [];
    loadConfig({ env: { HIGHWAY_PROT: "1" }, warn: (m) => warnings.push(m) });
    expect(warnings).toEqual(["environment: unknown variable HIGHWAY_PROT ignored"]);
  });

  it("maps every key to an environment variable", () => {
    expect(Object.keys(ENV_NAMES).sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });
});
