// What Loupe answered to a customers/data_request, kept for the merchant to pass on, and removed
// when the same customer is redacted.
import type { Tx } from "../db.server";

export async function insertComplianceRequest(
  tx: Tx,
  shopId: string,
  data: { topic: string; customerGid: string | null; requestId: string | null; report: string },
) {
  return tx.complianceRequest.create({ data: { ...data, shopId } });
}

/** Removes the reports kept about a customer; returns how many. */
export async function deleteCustomerComplianceRequests(tx: Tx, shopId: string, customerGid: string): Promise<number> {
  const result = await tx.complianceRequest.deleteMany({ where: { shopId, customerGid } });
  return result.count;
}
