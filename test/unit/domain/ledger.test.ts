import { describe, expect, test } from "vitest";
import { ledgerLines, personName, type LedgerAudit, type LedgerMovement } from "../../../app/domain/ledger";
import type { Locale } from "../../../app/i18n";

const NNBSP = "\u202f";
const ctx = (locale: Locale) => ({
  locale,
  timeZone: "Europe/Paris",
  currency: "EUR",
  shopifyUserNames: new Map([["9001", "Camille Martin"]]),
  locationPaths: new Map([["loc-safe", "Boutique / Coffre"]]),
});

// A piece's life as the services write it: intake (movement + creation entry), a tag printed
// through the queue (request + kiosk outcome), put on sale, sold by a Shopify order (two state
// changes with the same reason, a sale row).
const movements: LedgerMovement[] = [
  mv("m1", "2026-12-01T09:00:00Z", "intake", null, "receiving", "Shopify user 9001 (admin)", "received at the counter"),
  mv(
    "m2",
    "2026-12-01T10:00:00Z",
    "state",
    "receiving",
    "active",
    "Shopify user 9001 (admin)",
    "changed on the piece page",
  ),
  mv(
    "m3",
    "2026-12-02T14:00:00Z",
    "state",
    "active",
    "sold",
    "Shopify webhook orders/paid (webhook)",
    "sold in order #1001",
  ),
  mv(
    "m4",
    "2026-12-02T14:00:00Z",
    "state",
    "sold",
    "archived",
    "Shopify webhook orders/paid (webhook)",
    "sold in order #1001",
  ),
];
const audit: LedgerAudit[] = [
  entry(1, "2026-12-01T09:00:00Z", "Shopify user 9001 (admin)", "piece.created", "received at the counter", {
    state: "receiving",
  }),
  entry(2, "2026-12-01T09:05:00Z", "Camille Martin (admin)", "piece.print_queued", "printed from the piece page", {
    printJobId: "job1",
  }),
  entry(3, "2026-12-01T09:06:00Z", "Boutique 1 (kiosk)", "piece.tag_printed", null, { printJobId: "job1" }),
  entry(4, "2026-12-01T10:00:00Z", "Shopify user 9001 (admin)", "piece.state_changed", "changed on the piece page", {
    from: "receiving",
    to: "active",
    movementId: "m2",
  }),
  entry(
    5,
    "2026-12-02T14:00:00Z",
    "Shopify webhook orders/paid (webhook)",
    "piece.state_changed",
    "sold in order #1001",
    {
      from: "active",
      to: "sold",
      movementId: "m3",
    },
  ),
  entry(
    6,
    "2026-12-02T14:00:00Z",
    "Shopify webhook orders/paid (webhook)",
    "piece.state_changed",
    "sold in order #1001",
    {
      from: "sold",
      to: "archived",
      movementId: "m4",
    },
  ),
];
const sales = [
  { orderName: "#1001", priceMinor: 190000n, currency: "EUR", soldAt: "2026-12-02T13:59:00Z", refundedAt: null },
];

describe("a piece's ledger", () => {
  test("reads in French: one line per event, names of people, the sale with its order and price", () => {
    const lines = ledgerLines({ audit, movements, sales }, ctx("fr"));
    expect(lines.map((l) => [l.who, l.what, l.why])).toEqual([
      ["Camille Martin", "Réceptionnée, En réception", null],
      ["Camille Martin", `Impression de l’étiquette${NNBSP}: faite`, null],
      ["Camille Martin", "Mise en vente", null],
      ["Shopify", `Vendue le 2 déc., commande #1001, 1${NNBSP}900,00${"\u00a0"}€`, null],
    ]);
  });

  test("reads in English with the same events", () => {
    const lines = ledgerLines({ audit, movements, sales }, ctx("en"));
    expect(lines.map((l) => l.what)).toEqual([
      "Received, Receiving",
      "Tag print: printed",
      "Put on sale",
      "Sold on 2 Dec, order #1001, €1,900.00",
    ]);
  });

  test("a print request not yet printed is one line that says it waits; a failure says why", () => {
    const waiting = ledgerLines({ audit: audit.slice(1, 2), movements: [] }, ctx("fr"));
    expect(waiting.map((l) => l.what)).toEqual(["Impression de l’étiquette demandée, en attente d’un poste"]);
    const failed = ledgerLines(
      {
        audit: [
          audit[1]!,
          entry(3, "2026-12-01T09:06:00Z", "Boutique 1 (kiosk)", "piece.tag_print_failed", "paper out", {
            printJobId: "job1",
          }),
        ],
        movements: [],
      },
      ctx("en"),
    );
    expect(failed.map((l) => l.what)).toEqual(["Tag print: failed (paper out)"]);
  });

  test("a sale without its sale row still names the order from the reason", () => {
    const lines = ledgerLines({ audit: audit.slice(4), movements: [] }, ctx("fr"));
    expect(lines.map((l) => l.what)).toEqual(["Vendue le 2 déc., commande #1001"]);
  });

  test("movements without an audit entry (older rows) are lines too, with location paths", () => {
    const lines = ledgerLines(
      {
        audit: [],
        movements: [
          {
            ...mv(
              "m9",
              "2026-12-03T08:00:00Z",
              "location",
              "active",
              "active",
              "Léa @ Boutique 1 (kiosk)",
              "rangement",
            ),
            toLocationId: "loc-safe",
          },
        ],
      },
      ctx("fr"),
    );
    expect(lines).toEqual([
      {
        at: "2026-12-03T08:00:00.000Z",
        who: "Léa (poste Boutique 1)",
        what: "Rangée dans Boutique / Coffre",
        why: "rangement",
      },
    ]);
  });

  test("a refund's return, an edit and an unknown state are said in words", () => {
    const lines = ledgerLines(
      {
        audit: [
          entry(
            1,
            "2026-12-04T08:00:00Z",
            "Loupe (system)",
            "piece.state_changed",
            "refund with restock on order #1001",
            {
              from: "archived",
              to: "active",
            },
          ),
          entry(2, "2026-12-04T09:00:00Z", "Camille Martin (admin)", "piece.edited", "wrong weight", {
            changes: { metals: {}, title: {} },
          }),
          entry(3, "2026-12-04T10:00:00Z", "Camille Martin (admin)", "piece.state_changed", null, {
            from: "active",
            to: "memo_out",
          }),
        ],
        movements: [],
      },
      ctx("fr"),
    );
    expect(lines.map((l) => [l.what, l.why])).toEqual([
      ["Revenue après un remboursement, de nouveau en vente", null],
      [`Fiche modifiée${NNBSP}: métaux, désignation`, "wrong weight"],
      ["Sortie en mémo", null],
    ]);
  });
});

describe("who did it", () => {
  test.each([
    ["Camille Martin (admin)", "fr", "Camille Martin"],
    ["Shopify user 9001 (admin)", "fr", "Camille Martin"],
    ["Shopify user 42 (admin)", "fr", "Un utilisateur de l’admin Shopify"],
    ["Shopify user 42 (admin)", "en", "A Shopify admin user"],
    ["Shopify webhook orders/paid (webhook)", "en", "Shopify"],
    ["Léa @ Boutique 1 (kiosk)", "en", "Léa (kiosk Boutique 1)"],
    ["Loupe (system)", "fr", "Loupe"],
  ] as const)("%s reads as %s: %s", (stored, locale, expected) => {
    expect(personName(stored, locale, new Map([["9001", "Camille Martin"]]))).toBe(expected);
  });
});

function mv(
  id: string,
  at: string,
  kind: string,
  fromState: string | null,
  toState: string | null,
  actorName: string,
  reason: string,
): LedgerMovement {
  return { id, at, kind, fromState, toState, toLocationId: null, actorName, reason };
}

function entry(
  seq: number,
  at: string,
  actor: string,
  action: string,
  reason: string | null,
  data: Record<string, unknown>,
): LedgerAudit {
  return { seq, at, actor, action, reason, data: JSON.stringify(data) };
}
