// Grading reports (GIA, IGI…): one per lab and number in a shop, attached to the piece they came
// with. Every call takes the shop.
import { db, type Tx } from "../db.server";
import { insertRows, newRowId } from "./bulk-insert.server";

/** Whether the shop already holds this lab's report number (on any piece; reports in `except` aside). */
export async function isCertificateTaken(
  tx: Tx,
  shopId: string,
  lab: string,
  number: string,
  except: readonly string[] = [],
): Promise<boolean> {
  const taken = await tx.certificate.findFirst({
    where: { shopId, lab, number, ...(except.length ? { id: { notIn: [...except] } } : {}) },
    select: { id: true },
  });
  return taken !== null;
}

/** A recorded report corrected after intake (number, date, grades, scan), on its piece. */
export async function updateCertificate(
  tx: Tx,
  shopId: string,
  pieceId: string,
  id: string,
  c: Required<NewCertificateRow>,
): Promise<void> {
  await tx.certificate.updateMany({
    where: { id, shopId, pieceId },
    data: {
      lab: c.lab,
      number: c.number,
      issuedAt: c.issuedAt,
      grades: JSON.stringify(c.grades),
      scanFileGid: c.scanFileGid,
      scanUrl: c.scanUrl,
    },
  });
}

/** Reports removed from a piece (stones they graded keep no certificate: the relation sets null). */
export async function deleteCertificates(tx: Tx, shopId: string, pieceId: string, ids: readonly string[]) {
  if (ids.length === 0) return;
  await tx.certificate.deleteMany({ where: { shopId, pieceId, id: { in: [...ids] } } });
}

/** The shop's reports with one of these numbers, any lab (the import's dry run, in slices). */
export async function certificatesNumbered(shopId: string, numbers: readonly string[], tx: Tx = db) {
  return tx.certificate.findMany({
    where: { shopId, number: { in: [...numbers] } },
    select: { lab: true, number: true },
  });
}

export type NewCertificateRow = {
  lab: string;
  number: string;
  issuedAt?: Date | null;
  grades?: Record<string, string>;
  scanFileGid?: string | null;
  scanUrl?: string | null;
};

const certificateRow = (shopId: string, pieceId: string, c: NewCertificateRow) => ({
  shopId,
  pieceId,
  lab: c.lab,
  number: c.number,
  issuedAt: c.issuedAt ?? null,
  grades: JSON.stringify(c.grades ?? {}),
  scanFileGid: c.scanFileGid ?? null,
  scanUrl: c.scanUrl ?? null,
});

export async function insertCertificate(tx: Tx, shopId: string, pieceId: string, c: NewCertificateRow) {
  return tx.certificate.create({ data: certificateRow(shopId, pieceId, c) });
}

/** The reports of many pieces in one statement; their ids by lab and number (unique in the shop). */
export async function insertCertificatesOfPieces(
  tx: Tx,
  shopId: string,
  rows: readonly (NewCertificateRow & { pieceId: string })[],
): Promise<{ id: string; lab: string; number: string }[]> {
  const createdAt = new Date();
  const data = rows.map(({ pieceId, ...c }) => ({ id: newRowId(), ...certificateRow(shopId, pieceId, c), createdAt }));
  await insertRows(tx, "Certificate", data);
  return data.map(({ id, lab, number }) => ({ id, lab, number }));
}
