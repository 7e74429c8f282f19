// The theme app extension must pass `shopify theme check` (the theme-app-extension rule set) with
// no errors. @shopify/theme-check-node is the library the Shopify CLI runs; it works offline.
import { cpSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { check, getThemeAndConfig, Severity } from "@shopify/theme-check-node";

const EXTENSION = resolve("extensions/loupe-provenance-theme");

describe("theme app extension", () => {
  test("passes theme check with no errors", async () => {
    // The extension's toml makes theme check use the theme-app-extension rules ("app" context).
    const { theme, config } = await getThemeAndConfig(EXTENSION);
    expect(config.context).toBe("app");
    expect(theme.map((f) => f.uri)).toContainEqual(expect.stringMatching(/blocks\/provenance\.liquid$/));
    const offenses = await check(EXTENSION);
    const errors = offenses.filter((o) => o.severity === Severity.ERROR);
    expect(errors.map((o) => `${o.uri} ${o.check}: ${o.message}`)).toEqual([]);
  }, 60_000);

  test("the check does catch a broken block (so a pass means something)", async () => {
    const copy = mkdtempSync(join(tmpdir(), "loupe-theme-"));
    cpSync(EXTENSION, copy, { recursive: true });
    writeFileSync(
      join(copy, "blocks/provenance.liquid"),
      '{% if product %}<p>{{ product.title }</p>\n{% schema %}{ "name": 1 {% endschema %}',
    );
    const offenses = await check(copy);
    expect(offenses.filter((o) => o.severity === Severity.ERROR).length).toBeGreaterThan(0);
  }, 60_000);
});
