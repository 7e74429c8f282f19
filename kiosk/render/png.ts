import { ready } from "zpl-renderer-js";
import type { Dpi } from "../../app/domain/tags";

/** RFID commands: the renderer would print them as text; a preview has no inlay anyway. */
const RFID_COMMANDS = /\^R[SFR][^^~]*(\^FD[^^]*\^FS)?/g;

/**
 * zpl-renderer-js 3.4 draws a `^BQ` QR lower by the height of the current `^BY`; a printer does
 * not. The preview, and only the preview, sets a 1-dot `^BY` height before each QR field and
 * lifts the field by that dot, so the PNG shows the QR where the printer puts it.
 */
export function previewZpl(zpl: string): string {
  return zpl.replace(RFID_COMMANDS, "").replace(/\^FO(\d+),(\d+)(\^BQ)/g, (_m, x: string, y: string, bq: string) => {
    const yy = Number(y);
    return yy >= 1 ? `^BY1,2,1^FO${x},${yy - 1}${bq}` : `^BY1,2,1^FO${x},${yy}${bq}`;
  });
}

function dpmm(dpi: Dpi): number {
  return dpi === 203 ? 8 : dpi === 300 ? 12 : 24;
}

/** PNG bytes of one tag as the printer would print it (RFID stripped, QR quirk undone). */
export async function zplToPng(zpl: string, widthMm: number, heightMm: number, dpi: Dpi): Promise<Buffer> {
  const { api } = await ready;
  const b64 = await api.zplToBase64Async(previewZpl(zpl), widthMm, heightMm, dpmm(dpi));
  return Buffer.from(b64, "base64");
}
