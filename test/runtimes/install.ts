// The package exactly as npm would install it: built, packed with `npm pack`, unpacked into the
// node_modules of a temporary project. Nothing is fetched from the registry: the package's own
// dependencies (and the frameworks the examples use) are linked from this repository's
// node_modules, which `npm ci` filled.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The repository root. */
export const ROOT: string = fileURLToPath(new URL("../../", import.meta.url));

/** Packages the examples import besides the library, linked from the repository. */
const EXAMPLE_DEPENDENCIES = ["express", "fastify", "hono", "@hono/node-server"];

export interface Installation {
  /** The temporary project: package.json, node_modules, the examples. */
  readonly dir: string;
  /** The `npm pack` tarball that was installed. */
  readonly tarball: string;
  remove(): Promise<void>;
}

/**
 * Builds the package into a staging copy (tsup into its own folder, so the dist/ of the working
 * tree, which other test files rebuild, is never read half-written), packs it with `npm pack`,
 * and unpacks the tarball into `<project>/node_modules/@saurbit/oauth2`.
 */
export async function installPackedPackage(): Promise<Installation> {
  const temp = await mkdtemp(join(tmpdir(), "saurbit-oauth2-runtimes-"));
  try {
    const stage = join(temp, "stage");
    await run(join(ROOT, "node_modules/.bin/tsup"), ["--out-dir", join(stage, "dist"), "--silent"], {
      cwd: ROOT,
      timeout: 120_000,
    });
    for (const file of ["package.json", "README.md", "LICENSE"]) await cp(join(ROOT, file), join(stage, file));
    const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", temp], {
      cwd: stage,
      timeout: 60_000,
    });
    const [packed] = JSON.parse(stdout) as [{ filename: string }];
    const tarball = join(temp, packed.filename);

    const dir = join(temp, "project");
    const target = join(dir, "node_modules/@saurbit/oauth2");
    await mkdir(target, { recursive: true });
    await run("tar", ["-xzf", tarball, "-C", target, "--strip-components=1"], { timeout: 60_000 });
    const manifest = JSON.parse(await readFile(join(target, "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of [...Object.keys(manifest.dependencies), ...EXAMPLE_DEPENDENCIES]) {
      const link = join(dir, "node_modules", name);
      await mkdir(dirname(link), { recursive: true });
      await symlink(join(ROOT, "node_modules", name), link, "dir");
    }
    await writeFile(
      join(dir, "package.json"),
      JSON.stringify({ name: "runtime-suite", private: true, type: "module" }),
    );
    return { dir, tarball, remove: () => rm(temp, { recursive: true, force: true }) };
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
