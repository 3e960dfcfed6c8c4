/**
 * Where a job's standard output and error go, and how the control plane reads them back: two files
 * per run in the cluster's output directory (a site filesystem the job users write and the control
 * plane reads), named after the run id so that they can be found again without asking Slurm.
 */
import { open } from "node:fs/promises";
import { join } from "node:path";

/** The stdout and stderr paths of a run under `root`. */
export function outputPaths(root: string, runId: string): { readonly stdout: string; readonly stderr: string } {
  // Slurm expands %-patterns and backslashes in these paths, and a slash would leave the directory:
  // any run id outside a plain alphabet is written in hex.
  const name = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/.test(runId) ? runId : `x-${Buffer.from(runId, "utf8").toString("hex")}`;
  return { stdout: join(root, `${name}.out`), stderr: join(root, `${name}.err`) };
}

/** The last `limitBytes` of a file as text; `truncated` when the file is longer. A file not (yet) there reads as empty. */
export async function readTail(path: string, limitBytes: number): Promise<{ readonly text: string; readonly truncated: boolean }> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { text: "", truncated: false };
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, limitBytes);
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, size - length);
    let bytes = buffer.subarray(0, bytesRead);
    // A cut inside a UTF-8 sequence leaves continuation bytes (10xxxxxx) at the start: drop them.
    if (size > length) {
      let skip = 0;
      while (skip < bytes.length && skip < 3 && ((bytes[skip] ?? 0) & 0xc0) === 0x80) skip++;
      bytes = bytes.subarray(skip);
    }
    return { text: bytes.toString("utf8"), truncated: size > length };
  } finally {
    await handle.close();
  }
}
