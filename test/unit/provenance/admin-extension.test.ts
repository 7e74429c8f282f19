// The admin UI extension is typechecked against @shopify/ui-extensions (component props of the
// Polaris web components, the target's `shopify` API) with its own tsconfig.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const EXTENSION = resolve("extensions/loupe-admin-block");
const TSC = resolve("node_modules/typescript/bin/tsc");

function tsc(project: string) {
  return spawnSync(process.execPath, [TSC, "-p", project], { encoding: "utf8" });
}

describe("admin UI extension", () => {
  test("typechecks against @shopify/ui-extensions 2026.7", () => {
    const run = tsc(join(EXTENSION, "tsconfig.json"));
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  test("a wrong component prop is caught (so a pass means something)", () => {
    const copy = resolve("test/.tmp/admin-block-broken");
    rmSync(copy, { recursive: true, force: true });
    mkdirSync(copy, { recursive: true });
    cpSync(EXTENSION, copy, { recursive: true });
    const file = join(copy, "src/BlockExtension.tsx");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace('tone={piece.state === "active" ? "success" : "neutral"}', 'tone="purple"'),
    );
    const run = tsc(join(copy, "tsconfig.json"));
    rmSync(copy, { recursive: true, force: true });
    expect(run.status).not.toBe(0);
    expect(run.stdout).toContain('"purple"');
  }, 60_000);

  test("the toml targets the product details block and the module exists", () => {
    const toml = readFileSync(join(EXTENSION, "shopify.extension.toml"), "utf8");
    expect(toml).toContain('target = "admin.product-details.block.render"');
    expect(toml).toContain('module = "./src/BlockExtension.tsx"');
    expect(toml).toContain('api_version = "2026-07"');
  });

  test("the French locale file has every key of the English one", () => {
    const en = JSON.parse(readFileSync(join(EXTENSION, "locales/en.default.json"), "utf8"));
    const fr = JSON.parse(readFileSync(join(EXTENSION, "locales/fr.json"), "utf8"));
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });
});
