import { describe, expect, test } from "vitest";
import { recordChanges, signDecision, type Baseline } from "../../../app/domain/provenance/changes";
import type { PublicRecord } from "../../../app/domain/provenance/record";

const signed = (version: number, digest: string): Baseline["signed"] => ({ version, digest });

describe("signDecision: a change signs only a record that was the signed one before it", () => {
  test.each([
    // baseline signed, record before, after, may sign version 1 → decision
    {
      name: "the record changed from the signed one",
      base: { signed: signed(3, "A"), digest: "A" },
      after: "B",
      first: false,
      want: { sign: true, version: 4 },
    },
    {
      name: "nothing public changed (a move, a note)",
      base: { signed: signed(3, "A"), digest: "A" },
      after: "A",
      first: false,
      want: { sign: false, why: "UNCHANGED" },
    },
    {
      name: "changed behind the app's back before the change: held",
      base: { signed: signed(3, "A"), digest: "X" },
      after: "B",
      first: false,
      want: { sign: false, why: "HELD" },
    },
    {
      name: "held whoever makes the change, even one holding the key",
      base: { signed: signed(3, "A"), digest: "X" },
      after: "X",
      first: true,
      want: { sign: false, why: "HELD" },
    },
    {
      name: "held even when the change restores the signed record (confirm instead)",
      base: { signed: signed(1, "A"), digest: "X" },
      after: "A",
      first: false,
      want: { sign: false, why: "HELD" },
    },
    {
      name: "nothing signed yet: left to the first view",
      base: { signed: null, digest: "A" },
      after: "B",
      first: false,
      want: { sign: false, why: "UNSIGNED" },
    },
    {
      name: "nothing signed yet, the change holds the key: version 1",
      base: { signed: null, digest: "A" },
      after: "B",
      first: true,
      want: { sign: true, version: 1 },
    },
  ])("$name", ({ base, after, first, want }) => {
    expect(signDecision(base, after, first)).toEqual(want);
  });
});

const record: PublicRecord = {
  token: "t",
  shop: { domain: "a.myshopify.com", name: "A" },
  title: "Bague",
  madeBy: null,
  originNotes: null,
  metals: [
    { metal: "gold", colour: null, finenessBp: 7500, grossWeightMg: "3210", fineWeightMg: "2408", hallmark: null },
  ],
  stones: [],
  certificates: [],
  events: [{ kind: "received", date: "2026-03-02" }],
};

describe("recordChanges names each part that differs, before and after", () => {
  test("a fineness changed in the database is a change of metals only", () => {
    const current = { ...record, metals: [{ ...record.metals[0]!, finenessBp: 9999 }] };
    expect(recordChanges(record, current)).toEqual({
      metals: { before: record.metals, after: current.metals },
    });
  });

  test("key order (a stored envelope is canonical JSON) is not a difference", () => {
    const { events, ...rest } = record;
    const reordered = JSON.parse(JSON.stringify({ events, ...rest })) as PublicRecord;
    expect(recordChanges(reordered, record)).toEqual({});
  });

  test("title and history together", () => {
    const current = {
      ...record,
      title: "Bague or",
      events: [...record.events, { kind: "sold" as const, date: "2026-11-20" }],
    };
    expect(Object.keys(recordChanges(record, current))).toEqual(["title", "events"]);
  });
});
