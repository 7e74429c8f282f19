// Ids, money and dates written the way Shopify writes them, and the error the test API answers
// with; every part of the simulator shares these.
import Decimal from "decimal.js";

export class SimulatorError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function gid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function parseGid(value: string, type: string): number | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match || match[1] !== type) return null;
  return Number(match[2]);
}

export function money(value: string | number): string {
  return new Decimal(value).toFixed(2);
}

export function handleize(title: string): string {
  return (
    title
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "product"
  );
}

export function normalizeShopDomain(domain: string): string {
  const bare = domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/:\d+$/, "");
  return bare.endsWith(".myshopify.com") ? bare : `${bare}.myshopify.com`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
