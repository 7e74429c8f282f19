import { describe, expect, test } from "vitest";
import { nextStep } from "../../../app/domain/next-step";

describe("the next step for a piece", () => {
  test.each([
    [
      "a piece just received without its tag: print and attach it",
      "receiving",
      { consigned: false, tagged: false },
      "tag",
    ],
    ["a received piece with its tag: put it on sale", "receiving", { consigned: false, tagged: true }, "activate"],
    ["a piece on sale: nothing waits", "active", { consigned: false, tagged: true }, null],
    [
      "a piece made from the catalogue: its details first",
      "active",
      { consigned: false, detailsPending: true },
      "complete_details",
    ],
    [
      "a piece out on memo: put it back on sale when it returns",
      "memo_out",
      { consigned: false, tagged: true },
      "bring_back",
    ],
    ["a piece at repair: the same", "at_repair", { consigned: false, tagged: true }, "bring_back"],
    ["a lost piece: back on sale if found", "lost", { consigned: false, tagged: true }, "found"],
    [
      "a sold consigned piece: settle with the consignor",
      "archived",
      { consigned: true, consignmentOpen: true },
      "settle_consignment",
    ],
    ["a sold piece of the shop's own: nothing waits", "archived", { consigned: false }, null],
    ["a state this rule does not know: nothing said", "to_inspect", { consigned: false, tagged: true }, null],
  ] as const)("%s", (_, state, facts, expected) => {
    expect(nextStep(state, facts)).toBe(expected);
  });
});
