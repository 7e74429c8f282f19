import { describe, expect, test } from "vitest";
import { singleFlight } from "../../../kiosk/single-flight";

/** A pass that stays open until the test lets it finish, counting how often it started. */
function gatedPass() {
  const gates: (() => void)[] = [];
  const state = {
    started: 0,
    pass: () => {
      state.started += 1;
      return new Promise<void>((resolve) => gates.push(resolve));
    },
    /** Lets the oldest open pass finish, then lets the run look at whether to go again. */
    async finishOne() {
      gates.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
  return state;
}

describe("singleFlight", () => {
  test("one request runs one pass and clears the run when it ends", async () => {
    let passes = 0;
    const flight = singleFlight(async () => {
      passes += 1;
    });
    expect(flight.current).toBeNull();
    const run = flight.run();
    expect(flight.current).toBe(run);
    await run;
    expect(passes).toBe(1);
    expect(flight.current).toBeNull();
  });

  test("three requests while a pass runs cause exactly one more pass, and all wait for it", async () => {
    const gated = gatedPass();
    const flight = singleFlight(gated.pass);
    const first = flight.run();
    const during = [flight.run(), flight.run(), flight.run()];
    // Every caller waits on the same run: the one that includes the pass they asked for.
    for (const p of during) expect(p).toBe(first);
    expect(gated.started).toBe(1);

    let settled = false;
    void first.then(() => (settled = true));
    await gated.finishOne();
    expect(gated.started).toBe(2);
    expect(settled).toBe(false);
    await gated.finishOne();
    await first;
    expect(gated.started).toBe(2);
    expect(flight.current).toBeNull();
  });

  test("a request during the extra pass asks for one more after it", async () => {
    const gated = gatedPass();
    const flight = singleFlight(gated.pass);
    const run = flight.run();
    void flight.run();
    await gated.finishOne();
    expect(gated.started).toBe(2);
    void flight.run();
    await gated.finishOne();
    expect(gated.started).toBe(3);
    await gated.finishOne();
    await run;
    expect(gated.started).toBe(3);
  });

  test("with no request during a pass, there is no second pass", async () => {
    const gated = gatedPass();
    const flight = singleFlight(gated.pass);
    const run = flight.run();
    await gated.finishOne();
    await run;
    expect(gated.started).toBe(1);
  });

  test("rerunIf false skips the requested pass; it is asked only when a pass was requested", async () => {
    const gated = gatedPass();
    let asked = 0;
    let allow = false;
    const flight = singleFlight(gated.pass, {
      rerunIf: () => {
        asked += 1;
        return allow;
      },
    });
    const quiet = flight.run();
    await gated.finishOne();
    await quiet;
    expect(asked).toBe(0);

    const refused = flight.run();
    void flight.run();
    await gated.finishOne();
    await refused;
    expect([gated.started, asked]).toEqual([2, 1]);

    allow = true;
    const allowed = flight.run();
    void flight.run();
    await gated.finishOne();
    await gated.finishOne();
    await allowed;
    expect([gated.started, asked]).toEqual([4, 2]);
  });

  test("a pass that throws rejects its run for every waiting caller, and the next request runs again", async () => {
    let passes = 0;
    let fail = true;
    const flight = singleFlight(async () => {
      passes += 1;
      await Promise.resolve();
      if (fail) throw new Error("printer on fire");
    });
    const first = flight.run();
    const during = flight.run();
    await expect(first).rejects.toThrow("printer on fire");
    await expect(during).rejects.toThrow("printer on fire");
    // The error ended the run: the pass requested during it was not made, and nothing is stuck.
    expect(passes).toBe(1);
    expect(flight.current).toBeNull();

    fail = false;
    await flight.run();
    expect(passes).toBe(2);
    expect(flight.current).toBeNull();
  });
});
