/**
 * A PGlite data directory belongs to one process. The owner writes its pid into `highway.lock`;
 * a lock whose process is gone is taken over, a live one refused with STORE_BUSY.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HighwayError } from "../domain/errors.js";
import { withParticle } from "../domain/korean-particles.js";

/** Takes the lock or throws STORE_BUSY; returns the function that releases it. */
export function acquireDirectoryLock(dir: string): () => void {
  const path = join(dir, "highway.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: "wx" });
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number(readFileSync(path, "utf8").trim());
      if (owner !== process.pid && isAlive(owner)) {
        throw new HighwayError("STORE_BUSY", {
          detail: `process ${owner} owns ${dir}; while a server runs there, use the CLI through its API (--api)`,
          detailKo: `${withParticle(`프로세스 ${owner}`, "이/가")} ${dir} 디렉터리를 사용하고 있습니다. 서버가 실행 중일 때는 API를 통해 CLI를 사용하십시오(--api)`,
        });
      }
      rmSync(path, { force: true });
    }
  }
  throw new HighwayError("STORE_BUSY", { detail: `cannot lock ${dir}`, detailKo: `${dir} 디렉터리를 잠글 수 없습니다` });
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
