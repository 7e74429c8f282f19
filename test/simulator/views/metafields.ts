// Metafields (on every owner that has them) and metafield definitions.
import { gid, iso } from "../state/ids-and-formats";
import type { MetafieldDefinitionRecord, MetafieldRecord } from "../state/metafields";
import { nodeById } from "./nodes";
import { type Args, connection, type PageArgs, type View, type ViewContext } from "./shared";

/** The `metafield(namespace, key)` and `metafields(…)` fields of every owner that has metafields. */
export function metafieldMembers(ctx: ViewContext, ownerId: string): Record<string, unknown> {
  return {
    metafield(args: Args) {
      const ns = ctx.sim.resolveNamespace(args.namespace as string | null | undefined);
      const found = ctx.shop.metafields.get(metafieldKey(ownerId, ns, String(args.key)));
      return found ? metafieldView(ctx, found) : null;
    },
    metafields(args: Args & PageArgs) {
      const ns = args.namespace ? ctx.sim.resolveNamespace(args.namespace as string) : null;
      const keys = (args.keys as string[] | null | undefined)?.map((k) => {
        const dot = k.lastIndexOf(".");
        return `${ctx.sim.resolveNamespace(k.slice(0, dot))}.${k.slice(dot + 1)}`;
      });
      const list = [...ctx.shop.metafields.values()].filter(
        (m) =>
          m.ownerId === ownerId &&
          (ns === null || m.namespace === ns) &&
          (!keys || keys.includes(`${m.namespace}.${m.key}`)),
      );
      return connection(
        list,
        args,
        (m) => m.id,
        (m) => metafieldView(ctx, m),
      );
    },
  };
}

export function metafieldKey(ownerId: string, namespace: string, key: string): string {
  return `${ownerId}|${namespace}|${key}`;
}

export function metafieldView(ctx: ViewContext, m: MetafieldRecord): View {
  return {
    __typename: "Metafield",
    id: gid("Metafield", m.id),
    legacyResourceId: String(m.id),
    namespace: m.namespace,
    key: m.key,
    type: m.type,
    value: m.value,
    get jsonValue() {
      return jsonValueOf(m.type, m.value);
    },
    compareDigest: Buffer.from(`${m.id}:${m.updatedAt}:${m.value}`).toString("base64url"),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    ownerType: ownerTypeOf(m.ownerId),
    definition: null,
    description: null,
    get owner() {
      return nodeById(ctx, m.ownerId);
    },
  };
}

export function jsonValueOf(type: string, value: string): unknown {
  if (type.startsWith("number_integer")) return Number.parseInt(value, 10);
  if (type === "boolean") return value === "true";
  if (
    type === "json" ||
    type.startsWith("list.") ||
    type === "dimension" ||
    type === "weight" ||
    type === "money" ||
    type === "rating" ||
    type === "volume"
  )
    return JSON.parse(value) as unknown;
  return value;
}

export function ownerTypeOf(ownerId: string): string {
  const type = /^gid:\/\/shopify\/([A-Za-z]+)\//.exec(ownerId)?.[1] ?? "";
  return type === "ProductVariant" ? "PRODUCTVARIANT" : type === "MediaImage" ? "MEDIA_IMAGE" : type.toUpperCase();
}

export function metafieldDefinitionView(d: MetafieldDefinitionRecord): View {
  return {
    __typename: "MetafieldDefinition",
    id: gid("MetafieldDefinition", d.id),
    namespace: d.namespace,
    key: d.key,
    name: d.name,
    description: d.description,
    ownerType: d.ownerType,
    type: {
      name: d.type,
      category: "TEXT",
      supportsDefinitionMigrations: true,
      supportedValidations: [],
      valueType: "STRING",
    },
    pinnedPosition: null,
    validations: [],
  };
}
