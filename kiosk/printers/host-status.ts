/**
 * Zebra `~HS` (host status return). The printer answers three frames, each
 * `<STX>…<ETX><CR><LF>` (ZPL II Programming Guide, ~HS):
 *   1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
 *      aaa interface settings, b paper out, c pause, dddd label length (dots), eee formats in
 *      the receive buffer, f buffer full, g diagnostic mode, h partial format, iii unused,
 *      j corrupt RAM, k under temperature, l over temperature
 *   2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
 *      mmm function settings, n unused, o head up, p ribbon out, q thermal transfer mode,
 *      r print mode, s print width mode, t label waiting, uuuuuuuu labels remaining in batch,
 *      v format being printed, www graphics stored
 *   3: xxxx,y   password, static RAM installed
 * Recent firmware sends nothing at all while media is out or the head is open, so a silent
 * printer is reported as such (see the TCP driver), never as ready.
 */
export interface HostStatus {
  paperOut: boolean;
  paused: boolean;
  labelLengthDots: number;
  formatsInBuffer: number;
  bufferFull: boolean;
  partialFormat: boolean;
  corruptRam: boolean;
  underTemperature: boolean;
  overTemperature: boolean;
  headUp: boolean;
  ribbonOut: boolean;
  thermalTransfer: boolean;
  labelsRemaining: number;
}

export type HostStatusParse = { ok: true; status: HostStatus } | { ok: false; reason: string };

const STX = "\x02";
const ETX = "\x03";

/** The frames seen so far; the reader stops once three have arrived. */
export function hostStatusFrames(text: string): string[] {
  const frames: string[] = [];
  let at = 0;
  for (;;) {
    const start = text.indexOf(STX, at);
    if (start < 0) break;
    const end = text.indexOf(ETX, start + 1);
    if (end < 0) break;
    frames.push(text.slice(start + 1, end));
    at = end + 1;
  }
  return frames;
}

const DIGITS = /^\d+$/;

function fields(frame: string, count: number, name: string): string[] | string {
  const parts = frame.split(",").map((p) => p.trim());
  if (parts.length !== count) return `${name} has ${parts.length} fields, expected ${count}`;
  const bad = parts.findIndex((p) => !DIGITS.test(p));
  if (bad >= 0) return `${name} field ${bad + 1} is not a number`;
  return parts;
}

function flag(value: string | undefined): boolean {
  return value === "1";
}

export function parseHostStatus(answer: string): HostStatusParse {
  const frames = hostStatusFrames(answer);
  if (frames.length < 3) return { ok: false, reason: `expected 3 <STX>…<ETX> frames, got ${frames.length}` };
  const one = fields(frames[0]!, 12, "string 1");
  if (typeof one === "string") return { ok: false, reason: one };
  const two = fields(frames[1]!, 11, "string 2");
  if (typeof two === "string") return { ok: false, reason: two };
  const three = fields(frames[2]!, 2, "string 3");
  if (typeof three === "string") return { ok: false, reason: three };
  const flags = [one[1], one[2], one[5], one[6], one[7], one[9], one[10], one[11], two[2], two[3], two[4]];
  if (flags.some((f) => f !== "0" && f !== "1")) return { ok: false, reason: "a flag is neither 0 nor 1" };
  return {
    ok: true,
    status: {
      paperOut: flag(one[1]),
      paused: flag(one[2]),
      labelLengthDots: Number(one[3]),
      formatsInBuffer: Number(one[4]),
      bufferFull: flag(one[5]),
      partialFormat: flag(one[7]),
      corruptRam: flag(one[9]),
      underTemperature: flag(one[10]),
      overTemperature: flag(one[11]),
      headUp: flag(two[2]),
      ribbonOut: flag(two[3]),
      thermalTransfer: flag(two[4]),
      labelsRemaining: Number(two[8]),
    },
  };
}
