// Metafields, their definitions, metaobjects and metaobject definitions as a shop keeps them.
import type { SimulatorState } from "./simulator-state";

export interface MetafieldRecord {
  id: number;
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}
export interface MetafieldDefinitionRecord {
  id: number;
  namespace: string;
  key: string;
  name: string;
  type: string;
  ownerType: string;
  description: string | null;
}
export interface MetaobjectFieldDefinitionRecord {
  key: string;
  name: string;
  type: string;
  required: boolean;
  description: string | null;
}
export interface MetaobjectDefinitionRecord {
  id: number;
  type: string;
  name: string;
  description: string | null;
  displayNameKey: string | null;
  fieldDefinitions: MetaobjectFieldDefinitionRecord[];
  createdAt: number;
  updatedAt: number;
}
export interface MetaobjectRecord {
  id: number;
  type: string;
  handle: string;
  fields: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

/** `$app` is how an app names its own reserved namespace; Shopify stores it as app--<id>. */
export function resolveNamespace(appId: number, namespace: string | null | undefined): string {
  const ns = namespace ?? "$app";
  if (ns === "$app") return `app--${appId}`;
  if (ns.startsWith("$app:")) return `app--${appId}--${ns.slice(5)}`;
  return ns;
}

/** Test API: a shop's metafields, optionally of one owner. */
export function metafields(sim: SimulatorState, input: { shop: string; ownerId?: string }): MetafieldRecord[] {
  return [...sim.shop(input.shop).metafields.values()].filter((m) => !input.ownerId || m.ownerId === input.ownerId);
}

/** Test API: a shop's metaobjects, optionally of one type. */
export function metaobjects(sim: SimulatorState, input: { shop: string; type?: string }): MetaobjectRecord[] {
  return [...sim.shop(input.shop).metaobjects.values()].filter((m) => !input.type || m.type === input.type);
}
