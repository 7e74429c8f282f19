// The "details to complete" page in Chromium on `npm run demo`: reached from the home page by its
// count, each piece with its marks, one marked complete, in English and in French. The demo has no
// piece made from a Shopify catalogue, so three of its pieces are marked as such in its database
// file beforehand (the column a catalogue import sets).
import { beforeAll, expect, test } from "vitest";
import { gotoAdmin, openPage } from "./browser";
import { useDemoAndBrowser } from "./session";
import { openDemoDb, until } from "./waits";

const e2e = useDemoAndBrowser();
let marked: { tagCode: string; title: string }[] = [];

beforeAll(async () => {
  const sqlite = openDemoDb(e2e.demo.dataDir);
  const rows = (
    await sqlite.execute("SELECT id, tagCode, title FROM Piece WHERE state = 'active' ORDER BY tagCode LIMIT 3")
  ).rows;
  for (const r of rows)
    await sqlite.execute("UPDATE Piece SET detailsPendingAt = createdAt WHERE id = ?", [String(r.id)]);
  marked = rows.map((r) => ({ tagCode: String(r.tagCode), title: String(r.title) }));
  sqlite.close();
});

test("from the home page's count to the list, a piece marked complete leaves it (English), the page in French", async () => {
  expect(marked).toHaveLength(3);
  const { page, problems } = await openPage(e2e.browser);
  await gotoAdmin(page, e2e.demo.adminUrl("/app", "en"));
  await page.getByText("3 pieces have details to complete").click();
  await page.getByRole("heading", { name: "Details to complete", exact: true }).waitFor();
  for (const piece of marked) await page.getByText(piece.tagCode, { exact: true }).waitFor();
  await page.getByText("Metal: recorded").first().waitFor();
  const first = marked[0]!;
  await page.getByRole("row").filter({ hasText: first.tagCode }).getByRole("button", { name: "Mark complete" }).click();
  await until(
    "the answer to Mark complete",
    async () => (await page.getByText("1 piece marked complete.").count()) > 0,
    {
      detail: () => `on ${page.url()}\n${problems.join("\n")}`,
    },
  );
  await until("the piece to leave the list", async () => (await page.getByText(first.tagCode).count()) === 0);
  await page.getByText("2 pieces with details still to enter").waitFor();

  await gotoAdmin(page, e2e.demo.adminUrl("/app/pieces/to-complete", "fr"));
  await page.getByRole("heading", { name: "Détails à compléter", exact: true }).waitFor();
  await page.getByRole("button", { name: "Exporter la liste" }).waitFor();
  await page.getByText("Métal\u202f: saisi").first().waitFor();
  expect(problems).toEqual([]);
});
