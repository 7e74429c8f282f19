/**
 * ZPL generation for 10,000 tags: `npx tsx test/bench/zpl.bench.ts`
 *
 * Lays out 10,000 distinct tags once (layoutTag: barcode and QR encoding, ~2 ms each, reported
 * apart), then times `toZpl` over all of them, and in the same run a trivial baseline loop that
 * only concatenates each tag's fields into a string — the floor any ZPL writer pays.
 * Goal: toZpl < 0.05 ms per tag. Exits 1 when the goal is missed.
 */
import { generateTagCode } from "../../app/domain/tagcode";
import { findTemplate, layoutTag, toZpl, type TagLayout } from "../../app/domain/tags";
import { tagContentFromWire, withoutRfid } from "../../app/domain/kiosk/tag-data";
import { sampleTagData } from "../../kiosk/tag";

const N = 10_000;
const ROUNDS = 5;
const template = findTemplate("barbell-56x13")!;

/** A distinct valid code per i (i < 26³): the last byte moves on until the check symbol is one a new code may end with. */
function tagCode(i: number): string {
  let attempt = 0;
  return generateTagCode(() =>
    Uint8Array.from([i % 26, Math.trunc(i / 26) % 26, Math.trunc(i / 676) % 26, 5, 9, attempt++]),
  );
}

const layoutStart = performance.now();
const layouts: TagLayout[] = [];
for (let i = 0; i < N; i++) {
  // The sample carries an EPC for the RFID label; barbell stock has no inlay.
  const wire = withoutRfid(sampleTagData().content);
  const content = tagContentFromWire({
    ...wire,
    tagCode: tagCode(i),
    priceMinor: String(10000 + i * 37),
    title: `Bague ${i}`,
  });
  const r = layoutTag(template, content, { dpi: 203 });
  if (!r.ok) throw new Error(r.message);
  layouts.push(r.layout);
}
const layoutMs = performance.now() - layoutStart;

function timeZpl(): { ms: number; bytes: number } {
  let bytes = 0;
  const t = performance.now();
  for (const l of layouts) bytes += toZpl(l).length;
  return { ms: performance.now() - t, bytes };
}

function timeBaseline(): { ms: number; bytes: number } {
  let bytes = 0;
  const t = performance.now();
  for (const l of layouts) {
    let s = "";
    for (const el of l.elements) s += el.x + "," + el.y + ("text" in el ? el.text : "data" in el ? el.data : "");
    bytes += s.length;
  }
  return { ms: performance.now() - t, bytes };
}

// Warm-up, then the best of a few rounds of each (the machine is shared).
timeZpl();
timeBaseline();
const zpl = Array.from({ length: ROUNDS }, timeZpl).sort((a, b) => a.ms - b.ms)[0]!;
const base = Array.from({ length: ROUNDS }, timeBaseline).sort((a, b) => a.ms - b.ms)[0]!;
const perTag = zpl.ms / N;

console.log(`tags: ${N} (${template.id}, 203 dpi)`);
console.log(`layoutTag (once, not part of the goal): ${(layoutMs / N).toFixed(3)} ms/tag`);
console.log(
  `toZpl:    ${zpl.ms.toFixed(1)} ms total, ${perTag.toFixed(4)} ms/tag, ${(zpl.bytes / N).toFixed(0)} bytes/tag`,
);
console.log(`baseline: ${base.ms.toFixed(1)} ms total, ${(base.ms / N).toFixed(4)} ms/tag (field concatenation only)`);
console.log(`toZpl / baseline: ${(zpl.ms / base.ms).toFixed(1)}×`);
console.log(`goal < 0.05 ms/tag: ${perTag < 0.05 ? "met" : "MISSED"}`);
if (perTag >= 0.05) process.exit(1);
