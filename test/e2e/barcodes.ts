// Reading a printed tag or label back, as a scanner would: zbarimg (Debian's zbar-tools) on the PNG
// the kiosk's virtual printer wrote from the exact ZPL it sent.
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { PNG } from "pngjs";

async function zbar(file: string, symbology: "code128" | "qrcode"): Promise<string> {
  const answer = await promisify(execFile)("zbarimg", [
    "--raw",
    "-q",
    "-Sdisable",
    `-S${symbology}.enable`,
    file,
  ]).catch(() => ({ stdout: "" }));
  return answer.stdout.trim();
}

/**
 * The symbol's text. At 203 dpi a barbell tag's Code128 has 1-dot modules, which zbar's scanline
 * decoder sometimes misses at one pixel per module (see test/e2e/demo-kiosk.test.ts); a code it
 * cannot read is read again from a 2× nearest-neighbour copy, which adds samples, not information.
 */
export async function decodeBarcode(file: string, symbology: "code128" | "qrcode"): Promise<string> {
  const native = await zbar(file, symbology);
  if (native || symbology !== "code128") return native;
  const src = PNG.sync.read(readFileSync(file));
  const twice = new PNG({ width: src.width * 2, height: src.height * 2 });
  for (let y = 0; y < twice.height; y++)
    for (let x = 0; x < twice.width; x++) {
      const from = ((y >> 1) * src.width + (x >> 1)) * 4;
      src.data.copy(twice.data, (y * twice.width + x) * 4, from, from + 4);
    }
  const copy = `${file}.2x.png`;
  writeFileSync(copy, PNG.sync.write(twice));
  return zbar(copy, symbology);
}
