// Bad input on every set-up form, from an EMPTY shop (sites imported from the simulator, a small tree
// built through the page): the import, the tree editor (add, rename, move, archive), Print label,
// and pairing a kiosk (the checklist's last step, on Kiosks and printing).
// Each refusal answers 4xx with one message beside the field the page shows it at, in English and
// in French (a French message of its own, never the English one or a "refused (CODE)" fallback), and
// writes nothing: no location, audit entry, print job or outbox row, in this shop or another.
// Both engines.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ENGINES, useFreshDatabase } from "../../setup/databases";
import { simulatedShop, type SimShop } from "../helpers/simulator";
import { adminRequest, knownAdmin, routeArgs, sessionToken } from "../helpers/shopify";
import { postSetup, unwrap } from "./answers";
import { translate, type Locale, type MessageKey } from "../../../app/i18n";

type Case = {
  what: string;
  /** The form's fields; `$name` values are replaced by the id of the place of that name. */
  fields: Record<string, string>;
  status: 400 | 404 | 409 | 422;
  field: string;
  key: MessageKey;
  vars?: Record<string, string | number>;
};

const LONG_NAME = "Plateau ".repeat(10) + "X"; // 81 characters
const CASES: Case[] = [
  { what: "no intent", fields: {}, status: 400, field: "intent", key: "form.error.choice" },
  {
    what: "an unknown intent",
    fields: { intent: "delete", id: "$Coffre 1" },
    status: 400,
    field: "intent",
    key: "form.error.choice",
  },
  // add
  {
    what: "add: no name field",
    fields: { intent: "add", parentId: "$Paris", kind: "safe" },
    status: 400,
    field: "name",
    key: "setup.error.nameRequired",
  },
  {
    what: "add: a blank name",
    fields: { intent: "add", parentId: "$Paris", kind: "safe", name: "   " },
    status: 400,
    field: "name",
    key: "setup.error.nameRequired",
  },
  {
    what: "add: '>' in the name",
    fields: { intent: "add", parentId: "$Paris", kind: "safe", name: "Coffre > 2" },
    status: 400,
    field: "name",
    key: "setup.error.nameChevron",
  },
  {
    what: "add: 81 characters",
    fields: { intent: "add", parentId: "$Paris", kind: "safe", name: LONG_NAME },
    status: 400,
    field: "name",
    key: "setup.error.nameTooLong",
  },
  {
    what: "add: no kind",
    fields: { intent: "add", parentId: "$Paris", name: "Coffre 2" },
    status: 400,
    field: "kind",
    key: "setup.error.kindRequired",
  },
  {
    what: "add: kind site",
    fields: { intent: "add", parentId: "$Paris", kind: "site", name: "Coffre 2" },
    status: 400,
    field: "kind",
    key: "setup.error.kindRequired",
  },
  {
    what: "add: no parent",
    fields: { intent: "add", kind: "safe", name: "Coffre 2" },
    status: 400,
    field: "parentId",
    key: "setup.error.parentRequired",
  },
  {
    what: "add: an unknown parent",
    fields: { intent: "add", parentId: "no-such-place", kind: "safe", name: "Coffre 2" },
    status: 404,
    field: "parentId",
    key: "setup.error.UNKNOWN_PARENT",
  },
  {
    what: "add: another shop's place as parent",
    fields: { intent: "add", parentId: "$Ailleurs", kind: "safe", name: "Coffre 2" },
    status: 404,
    field: "parentId",
    key: "setup.error.UNKNOWN_PARENT",
  },
  {
    what: "add: an archived parent",
    fields: { intent: "add", parentId: "$Vitrine", kind: "tray", name: "Plateau 9" },
    status: 422,
    field: "parentId",
    key: "setup.error.PARENT_ARCHIVED",
  },
  {
    what: "add: a path already taken",
    fields: { intent: "add", parentId: "$Paris", kind: "drawer", name: "Coffre 1" },
    status: 422,
    field: "name",
    key: "setup.error.DUPLICATE_PATH",
    vars: { path: "Paris > Coffre 1" },
  },
  {
    what: "add: a path an archived place holds",
    fields: { intent: "add", parentId: "$Paris", kind: "showcase", name: "Vitrine" },
    status: 422,
    field: "name",
    key: "setup.error.DUPLICATE_PATH",
    vars: { path: "Paris > Vitrine" },
  },
  // rename
  {
    what: "rename: no place",
    fields: { intent: "rename", name: "Coffre A" },
    status: 400,
    field: "id",
    key: "setup.error.locationRequired",
  },
  {
    what: "rename: an id no page gives",
    fields: { intent: "rename", id: "x".repeat(65), name: "Coffre A" },
    status: 400,
    field: "id",
    key: "setup.error.locationRequired",
  },
  {
    what: "rename: an unknown place",
    fields: { intent: "rename", id: "no-such-place", name: "Coffre A" },
    status: 404,
    field: "id",
    key: "setup.error.UNKNOWN_LOCATION",
  },
  {
    what: "rename: another shop's place",
    fields: { intent: "rename", id: "$Ailleurs", name: "Coffre A" },
    status: 404,
    field: "id",
    key: "setup.error.UNKNOWN_LOCATION",
  },
  {
    what: "rename: an archived place",
    fields: { intent: "rename", id: "$Vitrine", name: "Vitrine A" },
    status: 422,
    field: "id",
    key: "setup.error.LOCATION_ARCHIVED",
  },
  {
    what: "rename: an empty name",
    fields: { intent: "rename", id: "$Coffre 1", name: "" },
    status: 400,
    field: "name",
    key: "setup.error.nameRequired",
  },
  {
    what: "rename: onto a sibling's path",
    fields: { intent: "rename", id: "$Plateau 2", name: "Plateau 1" },
    status: 422,
    field: "name",
    key: "setup.error.DUPLICATE_PATH",
    vars: { path: "Paris > Coffre 1 > Plateau 1" },
  },
  // move
  {
    what: "move: no new parent",
    fields: { intent: "move", id: "$Plateau 1" },
    status: 400,
    field: "parentId",
    key: "setup.error.parentRequired",
  },
  {
    what: "move: under itself",
    fields: { intent: "move", id: "$Coffre 1", parentId: "$Coffre 1" },
    status: 422,
    field: "parentId",
    key: "setup.error.MOVE_INTO_ITSELF",
  },
  {
    what: "move: under its own place",
    fields: { intent: "move", id: "$Coffre 1", parentId: "$Plateau 1" },
    status: 422,
    field: "parentId",
    key: "setup.error.MOVE_INTO_ITSELF",
  },
  {
    what: "move: into another site",
    fields: { intent: "move", id: "$Plateau 1", parentId: "$Lyon" },
    status: 422,
    field: "parentId",
    key: "setup.error.OTHER_SITE",
  },
  {
    what: "move: a site",
    fields: { intent: "move", id: "$Paris", parentId: "$Coffre 1" },
    status: 422,
    field: "parentId",
    key: "setup.error.SITE_NOT_MOVABLE",
  },
  {
    what: "move: under an archived place",
    fields: { intent: "move", id: "$Plateau 1", parentId: "$Vitrine" },
    status: 422,
    field: "parentId",
    key: "setup.error.PARENT_ARCHIVED",
  },
  // archive
  {
    what: "archive: no place",
    fields: { intent: "archive" },
    status: 400,
    field: "id",
    key: "setup.error.locationRequired",
  },
  {
    what: "archive: a site",
    fields: { intent: "archive", id: "$Lyon" },
    status: 422,
    field: "id",
    key: "setup.error.SITE_FOLLOWS_SHOPIFY",
  },
  {
    what: "archive: another shop's place",
    fields: { intent: "archive", id: "$Ailleurs" },
    status: 404,
    field: "id",
    key: "setup.error.UNKNOWN_LOCATION",
  },
  // Print label
  {
    what: "label: no place",
    fields: { intent: "label" },
    status: 400,
    field: "id",
    key: "setup.error.locationRequired",
  },
  {
    what: "label: an unknown place",
    fields: { intent: "label", id: "no-such-place" },
    status: 404,
    field: "id",
    key: "setup.error.UNKNOWN_LOCATION",
  },
  {
    what: "label: another shop's place",
    fields: { intent: "label", id: "$Ailleurs" },
    status: 404,
    field: "id",
    key: "setup.error.UNKNOWN_LOCATION",
  },
  {
    what: "label: an archived place",
    fields: { intent: "label", id: "$Vitrine" },
    status: 422,
    field: "id",
    key: "setup.error.LOCATION_ARCHIVED",
  },
  {
    what: "label: a name the printer fonts lack",
    fields: { intent: "label", id: "$Écrin 💎" },
    status: 422,
    field: "id",
    key: "setup.error.TEXT_UNPRINTABLE",
    vars: { characters: "💎" },
  },
];

describe.each(ENGINES)("%s", (engine) => {
  const SHOP = `setup-bad-${engine}.myshopify.com`;
  const OTHER = `setup-bad-other-${engine}.myshopify.com`;
  let s: SimShop;
  let db: (typeof import("../../../app/db.server"))["db"];
  const ids: Record<string, string> = {};

  const add = async (parent: string, kind: string, name: string) => {
    const answer = await postSetup(SHOP, { intent: "add", parentId: ids[parent]!, kind, name });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    ids[name] = (await db.location.findFirstOrThrow({ where: { name, archivedAt: null } })).id;
  };

  /** Everything a set-up form could write, in both shops. */
  const snapshot = async () => ({
    locations: await db.location.findMany({
      orderBy: { id: "asc" },
      select: { id: true, shopId: true, name: true, path: true, kind: true, parentId: true, archivedAt: true },
    }),
    audits: await db.auditLog.count(),
    printJobs: await db.printJob.count(),
    outbox: await db.outboxEntry.count(),
    devices: await db.device.count(),
    pairings: await db.pairingCode.findMany({ orderBy: { id: "asc" }, select: { id: true, confirmedAt: true } }),
  });

  const fill = (fields: Record<string, string>) =>
    Object.fromEntries(
      Object.entries(fields).map(([k, v]) => {
        if (!v.startsWith("$")) return [k, v];
        const id = ids[v.slice(1)];
        if (!id) throw new Error(`no place named ${v.slice(1)} in the test's tree`);
        return [k, id];
      }),
    );

  beforeAll(async () => {
    await useFreshDatabase(engine);
    s = await simulatedShop(SHOP, { locations: ["Paris", "Lyon"] });
    ({ db } = await import("../../../app/db.server"));
    expect((await postSetup(SHOP, { intent: "import" })).status).toBe(200);
    for (const site of await db.location.findMany()) ids[site.name] = site.id;
    await add("Paris", "safe", "Coffre 1");
    await add("Coffre 1", "tray", "Plateau 1");
    await add("Coffre 1", "tray", "Plateau 2");
    await add("Paris", "showcase", "Vitrine");
    await add("Paris", "other", "Écrin 💎");
    expect((await postSetup(SHOP, { intent: "archive", id: ids.Vitrine! })).status).toBe(200);
    ids.Vitrine = (await db.location.findFirstOrThrow({ where: { name: "Vitrine" } })).id;
    // Another shop's site, which this shop's forms must not reach.
    const { ensureShop } = await import("../../../app/models/shop.server");
    const { createLocation } = await import("../../../app/models/locations.server");
    const other = await ensureShop(OTHER, null);
    const made = await createLocation(
      other.id,
      { name: "Ailleurs", kind: "site", parentId: null, shopifyLocationGid: "gid://shopify/Location/424242" },
      { kind: "system", name: "test" },
    );
    if (!made.ok) throw new Error(made.code);
    ids.Ailleurs = made.id;
    // The French admin is a manager (locations are `settings.manage`); their first visit records
    // their language (a write of its own, before any case is measured).
    await knownAdmin(SHOP, "manager", "7007");
    expect((await postSetup(SHOP, { intent: "import" }, { locale: "fr", userId: "7007" })).status).toBe(200);
  });

  afterAll(async () => {
    await s?.close();
  });

  test.each(CASES)("$what: refused beside its field in English and French, nothing written", async (c) => {
    const before = await snapshot();
    const messages: Partial<Record<Locale, string>> = {};
    for (const locale of ["en", "fr"] as const) {
      const answer = await postSetup(SHOP, fill(c.fields), { locale, userId: locale === "fr" ? "7007" : undefined });
      expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
      expect(answer.body.ok).toBe(false);
      expect(answer.body.errors).toEqual({ [c.field]: translate(locale, c.key, c.vars) });
      messages[locale] = answer.body.errors![c.field];
    }
    expect(messages.fr).not.toBe(messages.en);
    for (const m of Object.values(messages)) expect(m).not.toMatch(/refused|refusée|\{\w+\}/);
    expect(await snapshot()).toEqual(before);
  });

  describe("pairing a kiosk", () => {
    const PAIR_CASES: {
      what: string;
      fields: Record<string, string>;
      status: number;
      field: string;
      key: MessageKey;
    }[] = [
      { what: "no code", fields: { code: "" }, status: 400, field: "code", key: "kiosk.pair.codeInvalid" },
      { what: "a code too short", fields: { code: "7K3Q" }, status: 422, field: "code", key: "kiosk.pair.codeInvalid" },
      {
        what: "a code no kiosk showed",
        fields: { code: "ZZZZ-ZZZZ" },
        status: 404,
        field: "code",
        key: "kiosk.error.PAIRING_UNKNOWN",
      },
      {
        what: "an expired code",
        fields: { code: "$expired" },
        status: 410,
        field: "code",
        key: "kiosk.error.PAIRING_EXPIRED",
      },
      { what: "no name", fields: { name: " " }, status: 400, field: "name", key: "kiosk.pair.nameInvalid" },
      {
        what: "a name of 61 characters",
        fields: { name: "C".repeat(61) },
        status: 400,
        field: "name",
        key: "kiosk.pair.nameInvalid",
      },
      {
        what: "no location",
        fields: { shopifyLocationGid: "" },
        status: 400,
        field: "shopifyLocationGid",
        key: "kiosk.pair.locationInvalid",
      },
      {
        what: "another shop's location",
        fields: { shopifyLocationGid: "gid://shopify/Location/424242" },
        status: 422,
        field: "shopifyLocationGid",
        key: "kiosk.pair.locationInvalid",
      },
    ];
    const codes = { live: "", expired: "" };

    beforeAll(async () => {
      const { startPairing } = await import("../../../app/services/kiosk/pairing.server");
      codes.live = (await startPairing("Comptoir")).code;
      codes.expired = (await startPairing("Ancien", new Date(Date.now() - 60 * 60_000))).code;
    });

    test.each(PAIR_CASES)("$what: refused beside its field in English and French, nothing written", async (c) => {
      const before = await snapshot();
      const { action } = await import("../../../app/routes/app.kiosks._index");
      const fields = {
        intent: "pair",
        code: codes.live,
        name: "Comptoir Paris",
        shopifyLocationGid: s.locations.Paris!,
        ...c.fields,
      };
      if (fields.code === "$expired") fields.code = codes.expired;
      const messages: string[] = [];
      for (const locale of ["en", "fr"] as const) {
        const request = adminRequest("/app/kiosks", SHOP, {
          method: "POST",
          body: new URLSearchParams(fields),
          search: { locale },
          token: sessionToken(SHOP, { userId: locale === "fr" ? "7007" : undefined }),
        });
        const answer = unwrap(await action(routeArgs(request))) as unknown as {
          status: number;
          body: { ok: boolean; field: string; message: string };
        };
        expect(answer.status, JSON.stringify(answer.body)).toBe(c.status);
        expect(answer.body).toMatchObject({ ok: false, field: c.field, message: translate(locale, c.key) });
        messages.push(answer.body.message);
      }
      expect(messages[1]).not.toBe(messages[0]);
      expect(await snapshot()).toEqual(before);
    });
  });

  test("a body the page could not have sent is refused for the whole form, in both languages", async () => {
    const before = await snapshot();
    const { action } = await import("../../../app/routes/app.setup");
    for (const [locale, text] of [
      ["en", "The form could not be read. Reload the page and try again."],
      ["fr", "Le formulaire n'a pas pu être lu. Rechargez la page et réessayez."],
    ] as const) {
      const request = adminRequest("/app/setup", SHOP, {
        method: "POST",
        body: "{not json",
        search: { locale },
        token: sessionToken(SHOP, { userId: locale === "fr" ? "7007" : undefined }),
      });
      const answer = unwrap(await action(routeArgs(request)));
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual({ _form: text });
    }
    expect(await snapshot()).toEqual(before);
  });

  test("Import Shopify locations while Shopify does not answer: the page says so and nothing changes", async () => {
    const before = await snapshot();
    for (const [locale, text] of [
      ["en", "Shopify did not answer. Nothing was changed; try again in a moment."],
      ["fr", "Shopify n’a pas répondu. Rien n’a été modifié\u202f; réessayez dans un instant."],
    ] as const) {
      s.sim.faults.inject({ kind: "status", status: 503, rootField: "locations", times: 50 });
      const answer = await postSetup(
        SHOP,
        { intent: "import" },
        { locale, userId: locale === "fr" ? "7007" : undefined },
      );
      s.sim.faults.clear();
      expect(answer.status).toBe(422);
      expect(answer.body.errors).toEqual({ _form: text });
    }
    expect(await snapshot()).toEqual(before);
  });
});
