// The intake form's repeated rows (metals, stones, certificates): how a new row starts, and what
// every row editor is given to change its rows.
import type { PieceForm } from "../../domain/schemas/piece";

export type Metal = PieceForm["metals"][number];
export type Stone = PieceForm["stones"][number];
export type Certificate = PieceForm["certificates"][number];

/** A list of rows and the form's ways to change it; `err` is the message beside a field ("metals.0.weight"). */
export type RowsEditor<T> = {
  rows: T[];
  update: (index: number, patch: Partial<T>) => void;
  remove: (index: number) => void;
  add: () => void;
  err: (path: string) => string | undefined;
};

/** A new metal row, its weight in `unit` (the shop's weight unit, see Settings). */
export const newMetal = (unit: Metal["unit"] = "g"): Metal => ({
  metal: "gold",
  colour: "yellow",
  fineness: "750",
  weight: "",
  unit,
  hallmark: "",
});

export const newStone = (): Stone => ({
  type: "diamond",
  origin: "natural",
  shape: "",
  carats: "",
  count: "1",
  colour: "",
  clarity: "",
  cutGrade: "",
  measurements: "",
  treatment: "",
  position: "centre",
  certificateIndex: "",
});

export const newCertificate = (): Certificate => ({
  lab: "GIA",
  number: "",
  issuedAt: "",
  colour: "",
  clarity: "",
  cut: "",
  scanFileGid: "",
  scanUrl: "",
});
