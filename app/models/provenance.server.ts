// The public face of a piece. Only fields on this allow-list ever leave for a customer: no cost,
// supplier, consignor, customer, staff or internal location.
import { db } from "../db.server";

export const PUBLIC_TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

export async function publicPiece(shopDomain: string, token: string) {
  if (!PUBLIC_TOKEN_PATTERN.test(token)) return null;
  const piece = await db.piece.findFirst({
    where: { publicToken: token, shop: { domain: shopDomain } },
    select: {
      title: true,
      state: true,
      madeBy: true,
      originNotes: true,
      createdAt: true,
      soldAt: true,
      shop: { select: { name: true, domain: true, locale: true } },
      metals: { select: { metal: true, colour: true, finenessBp: true, grossWeightMg: true, fineWeightMg: true, hallmark: true }, orderBy: { sortOrder: "asc" } },
      stones: {
        select: { type: true, origin: true, shape: true, millicarats: true, count: true, colour: true, clarity: true, cutGrade: true, position: true },
        orderBy: { sortOrder: "asc" },
      },
      certificates: { select: { lab: true, number: true, issuedAt: true } },
    },
  });
  return piece;
}

export type PublicPiece = NonNullable<Awaited<ReturnType<typeof publicPiece>>>;
