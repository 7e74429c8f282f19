import epcTds from "epc-tds";

export type EpcResult =
  | { ok: true; hex: string }
  | {
      ok: false;
      code: "GTIN_INVALID" | "COMPANY_PREFIX_LENGTH_INVALID" | "SERIAL_INVALID" | "FILTER_INVALID";
      message: string;
    };

export interface DecodedSgtin96 {
  gtin: string;
  serial: bigint;
  filter: number;
  partition: number;
  companyPrefixLength: number;
  companyPrefix: string;
}

export type DecodeResult =
  ({ ok: true } & DecodedSgtin96) | { ok: false; code: "NOT_SGTIN96" | "PARTITION_MISMATCH"; message: string };

/** SGTIN-96 serials are 38 bits. */
export const MAX_SGTIN96_SERIAL = (1n << 38n) - 1n;

function gtinCheckDigitOk(gtin14: string): boolean {
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(gtin14[i]) * (i % 2 === 0 ? 3 : 1);
  return (10 - (sum % 10)) % 10 === Number(gtin14[13]);
}

/**
 * The partition value encodes the company-prefix length (GS1 TDS table: 12 digits → 0 …
 * 6 digits → 6). epc-tds takes any partition without checking it against the prefix, and a
 * wrong one silently moves digits between prefix and item reference, so it is derived here
 * from the prefix length the caller states, never passed through.
 */
export function partitionForCompanyPrefixLength(length: number): number | null {
  return Number.isInteger(length) && length >= 6 && length <= 12 ? 12 - length : null;
}

export function sgtin96Epc(gtin: string, serial: bigint, companyPrefixLength: number, filter = 1): EpcResult {
  if (!/^\d{8}$|^\d{12,14}$/.test(gtin)) {
    return { ok: false, code: "GTIN_INVALID", message: `GTIN "${gtin}" must have 8, 12, 13 or 14 digits.` };
  }
  const gtin14 = gtin.padStart(14, "0");
  if (!gtinCheckDigitOk(gtin14)) {
    return { ok: false, code: "GTIN_INVALID", message: `GTIN "${gtin}" has a wrong check digit.` };
  }
  const partition = partitionForCompanyPrefixLength(companyPrefixLength);
  if (partition === null) {
    return {
      ok: false,
      code: "COMPANY_PREFIX_LENGTH_INVALID",
      message: `A GS1 company prefix has 6 to 12 digits, not ${companyPrefixLength}.`,
    };
  }
  if (serial < 0n || serial > MAX_SGTIN96_SERIAL) {
    return { ok: false, code: "SERIAL_INVALID", message: `An SGTIN-96 serial is 0 to ${MAX_SGTIN96_SERIAL}.` };
  }
  if (!Number.isInteger(filter) || filter < 0 || filter > 7) {
    return { ok: false, code: "FILTER_INVALID", message: "The EPC filter value is 0 to 7 (1 = point-of-sale item)." };
  }
  const epc = new epcTds.Sgtin96().setFilter(filter).setPartition(partition).setGtin(gtin14).setSerial(Number(serial));
  return { ok: true, hex: epc.toHexString().toUpperCase() };
}

/** Decodes an SGTIN-96 EPC; refuses one whose partition differs from the expected prefix length. */
export function decodeSgtin96(hex: string, expectedCompanyPrefixLength?: number): DecodeResult {
  if (!/^30[0-9A-Fa-f]{22}$/.test(hex)) {
    return { ok: false, code: "NOT_SGTIN96", message: "Not a 96-bit SGTIN EPC (24 hex digits starting 30)." };
  }
  const epc = new epcTds.Sgtin96(hex);
  const partition = epc.getPartition();
  const companyPrefixLength = 12 - partition;
  if (expectedCompanyPrefixLength !== undefined && expectedCompanyPrefixLength !== companyPrefixLength) {
    return {
      ok: false,
      code: "PARTITION_MISMATCH",
      message: `EPC partition ${partition} means a ${companyPrefixLength}-digit company prefix, not ${expectedCompanyPrefixLength}.`,
    };
  }
  return {
    ok: true,
    gtin: epc.getGtin(),
    serial: BigInt(epc.getSerial()),
    filter: epc.getFilter(),
    partition,
    companyPrefixLength,
    companyPrefix: String(epc.getCompanyPrefix()).padStart(companyPrefixLength, "0"),
  };
}
