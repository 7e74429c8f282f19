// Replaying one material class from its stored moves (what every page and every posted move
// does): 100,000 moves of a busy class, FIFO and moving average. Run: npx tsx test/bench/materials.bench.ts
import { replayClass, type StoredMove } from "../../app/domain/materials/replay";

function moves(count: number): StoredMove[] {
  const out: StoredMove[] = [];
  let stock = 0;
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    // A workshop keeps a few hundred grams: it buys when low and issues otherwise.
    const receive = stock < 100 || (stock < 400 && i % 3 === 0);
    const qty = receive ? `${20 + (i % 7)}.${i % 1000}` : `${1 + (i % 5)}.25`;
    if (receive) stock += Number(qty);
    else stock -= Number(qty);
    out.push({
      id: `m${i}`,
      type: receive ? "in" : "out",
      purpose: receive ? "receipt" : "issue_job",
      qty,
      unitCost: receive ? `${50 + (i % 13)}.${(i * 7) % 100}` : null,
      ofMoveId: null,
      effectiveAt: new Date(start + i * 60_000),
      createdAt: new Date(start + i * 60_000),
    });
  }
  // Stored order is not effective order: the replay sorts.
  return out.reverse();
}

const count = 100_000;
const data = moves(count);
for (const method of ["fifo", "moving_average"] as const) {
  replayClass({ method, changes: [], moves: data.slice(0, 1000) });
  const t0 = performance.now();
  const result = replayClass({ method, changes: [], moves: data });
  const ms = performance.now() - t0;
  if (!result.ok) throw new Error(result.message);
  console.log(`${method}: ${count.toLocaleString("en")} moves replayed in ${ms.toFixed(0)} ms (${Math.round(count / (ms / 1000)).toLocaleString("en")} moves/s), closing value ${result.final.value}`);
}
