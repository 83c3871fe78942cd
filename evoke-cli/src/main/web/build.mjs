// Bundles the live page's script (src/main.js, three.js, three-vrm) into one file for evoke-cli's jar.
// Run by Maven (exec-maven-plugin, phase generate-resources) with the machine's Node.js:
//   node build.mjs <output file>
// It installs the locked packages first when node_modules is missing or older than package-lock.json
// (npm ci: exact versions from the npm registry, no install scripts needed).
import { spawnSync } from "node:child_process";
import { existsSync, statSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, "../../../target/web/org/evoke/cli/live/live.js"));
const lock = resolve(here, "package-lock.json"), installed = resolve(here, "node_modules/.package-lock.json");

if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.log("evoke web: npm ci (three, @pixiv/three-vrm, esbuild, playwright-core from the npm registry)");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const r = spawnSync(npm, ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: here, stdio: "inherit" });
  if (r.status !== 0) {
    console.error("evoke web: npm ci failed" + (r.error ? ": " + r.error.message : "") +
      "; the live page needs Node.js 18+ with npm and the npm registry (or build with -Devoke.web.skip=true)");
    process.exit(1);
  }
}

const esbuild = await import("esbuild");
mkdirSync(dirname(out), { recursive: true });
await esbuild.build({
  entryPoints: [resolve(here, "src/main.js")],
  bundle: true,
  format: "esm",
  minify: true,
  target: "es2020",
  legalComments: "eof",
  outfile: out,
  logLevel: "warning",
});
console.log("evoke web: bundled " + out + " (" + Math.round(statSync(out).size / 1024) + " KiB)");
