import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HighwayError } from "../../domain/errors.js";
import { createSlurmExecutor, gresTypeFor, parseSlurmClusterConfig, tokenSource } from "./slurm-cluster-config.js";

const dir = mkdtempSync(join(tmpdir(), "slurm-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = {
  id: "highwaydev",
  kind: "slurm",
  url: "http://127.0.0.1:6820",
  serviceUser: "root",
  token: { env: "SLURM_JWT" },
  gresTypes: { "h100-sxm": "h100", "h200-sxm": "h200" },
  accounting: true,
};

function violations(input: unknown): { field: string; rule: string }[] {
  try {
    parseSlurmClusterConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(HighwayError);
    expect((error as HighwayError).code).toBe("CONFIG_INVALID");
    return (error as HighwayError).violations.map((v) => ({ field: v.field, rule: v.rule }));
  }
  throw new Error("parsed");
}

describe("parseSlurmClusterConfig", () => {
  it("fills defaults and freezes the result", () => {
    const config = parseSlurmClusterConfig(base);
    expect(config).toMatchObject({ apiVersion: "v0.0.38", accountParent: "highway", timeoutMs: 10_000 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.gresTypes)).toBe(true);
  });

  it("names every bad field at once, with its rule", () => {
    const got = violations({
      ...base,
      id: "High Way",
      url: "ftp://x",
      token: { file: "relative/token" },
      gresTypes: { "h100-sxm": "h100 sxm" },
      accounting: "yes",
      extra: 1,
    });
    expect(got.map((v) => v.field).sort()).toEqual(["cluster.accounting", "cluster.extra", "cluster.gresTypes.h100-sxm", "cluster.id", "cluster.token.file", "cluster.url"].sort());
    expect(got.find((v) => v.field === "cluster.extra")?.rule).toBe("unknown_field");
  });

  it("requires kind slurm, a service user and a token source", () => {
    const { serviceUser: _s, token: _t, ...rest } = base;
    const got = violations({ ...rest, kind: "kubernetes" });
    expect(got).toEqual(expect.arrayContaining([{ field: "cluster.serviceUser", rule: "required" }, { field: "cluster.token", rule: "required" }]));
    expect(got.map((v) => v.field)).toContain("cluster.kind");
  });

  it("reads the dev cluster's config as scripts/slurm-dev.sh writes it", () => {
    const config = parseSlurmClusterConfig({
      ...base,
      apiVersion: "v0.0.38",
      token: { file: "/tmp/slurm-dev/token" },
      partition: "gpu",
      outputRoot: "/tmp/slurm-dev/output",
      accountParent: "highway",
      sacctmgr: { argv: ["sacctmgr"], env: { SLURM_CONF: "/tmp/slurm-dev/etc/slurm.conf" } },
    });
    expect(config.token).toEqual({ file: "/tmp/slurm-dev/token" });
  });
});

describe("gresTypeFor", () => {
  const config = parseSlurmClusterConfig(base);
  it("maps a fleet model to the cluster's GRES type", () => {
    expect(gresTypeFor(config, "h200-sxm")).toBe("h200");
  });
  it("throws CONFIG_INVALID naming gresTypes.<model> for an unmapped model, even one named like an Object property", () => {
    for (const model of ["b200", "constructor"]) {
      const error = (() => {
        try {
          return gresTypeFor(config, model);
        } catch (e) {
          return e;
        }
      })() as HighwayError;
      expect(error).toBeInstanceOf(HighwayError);
      expect(error.code).toBe("CONFIG_INVALID");
      expect(error.violations).toEqual([expect.objectContaining({ field: `gresTypes.${model}`, rule: "slurm_gres_type_unmapped" })]);
      expect(error.message).toContain("h100-sxm, h200-sxm");
    }
  });
});

describe("tokenSource", () => {
  it("reads an environment variable at each call", () => {
    const env: Record<string, string | undefined> = { SLURM_JWT: "a" };
    const token = tokenSource({ id: "c", token: { env: "SLURM_JWT" } }, env);
    expect(token()).toBe("a");
    env.SLURM_JWT = "b";
    expect(token()).toBe("b");
    env.SLURM_JWT = undefined;
    expect(token).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", violations: [expect.objectContaining({ field: "token.env", rule: "slurm_token_missing" })] }));
  });

  it("re-reads a token file when it changes, and names the file when it cannot", () => {
    const file = join(dir, "token");
    writeFileSync(file, "first\n");
    const token = tokenSource({ id: "c", token: { file } }, {});
    expect(token()).toBe("first");
    writeFileSync(file, "second-token\n");
    expect(token()).toBe("second-token");
    rmSync(file);
    expect(token).toThrow(expect.objectContaining({ code: "CONFIG_INVALID", violations: [expect.objectContaining({ field: "token.file", rule: "slurm_token_unreadable" })] }));
  });
});

describe("createSlurmExecutor", () => {
  it("talks to the configured URL with the token of the moment, and a missing token is a config error, not an unreachable Slurm", async () => {
    const seen: { url: string; headers: Record<string, string> }[] = [];
    const env: Record<string, string | undefined> = { SLURM_JWT: "jwt-1" };
    const executor = createSlurmExecutor(parseSlurmClusterConfig(base), {
      env,
      fetch: (async (url: URL | string, init?: RequestInit) => {
        seen.push({ url: String(url), headers: init?.headers as Record<string, string> });
        return new Response(JSON.stringify({ errors: [], nodes: [] }), { status: 200 });
      }) as typeof fetch,
    });
    expect(executor.clusterId).toBe("highwaydev");
    expect(await executor.inventory()).toEqual([]);
    expect(seen[0]).toMatchObject({ url: "http://127.0.0.1:6820/slurm/v0.0.38/nodes", headers: { "X-SLURM-USER-NAME": "root", "X-SLURM-USER-TOKEN": "jwt-1" } });
    env.SLURM_JWT = "";
    await expect(executor.inventory()).rejects.toMatchObject({ code: "CONFIG_INVALID" });
  });
});
