// metafieldsSet (atomic: every entry is checked before any is written), metafieldsDelete and
// metafieldDefinitionCreate; the product mutations write their metafields through the same code.
import { GraphQLError } from "graphql";
import type { MetafieldRecord } from "../state/metafields";
import { metafieldDefinitionView, metafieldKey, metafieldView } from "../views/metafields";
import { nodeById } from "../views/nodes";
import type { ViewContext } from "../views/shared";
import type { Args, RootResolver, UserError } from "./shared";

const METAFIELDS_SET_LIMIT = 25;

function ownerExists(ctx: ViewContext, ownerId: string): boolean {
  return nodeById(ctx, ownerId) !== null;
}

export function valueError(type: string, value: string): string | null {
  if (type === "number_integer" && !/^-?\d+$/.test(value)) return "Value must be an integer.";
  if (type === "number_decimal" && !/^-?\d+(\.\d+)?$/.test(value)) return "Value must be a decimal.";
  if (type === "boolean" && value !== "true" && value !== "false") return "Value must be true or false.";
  if (type === "json" || type.startsWith("list.")) {
    try {
      JSON.parse(value);
    } catch {
      return "Value is invalid JSON.";
    }
  }
  return null;
}

/** Validates every entry first and writes nothing if one is wrong, as metafieldsSet is atomic. */
export function writeMetafields(
  ctx: ViewContext,
  inputs: Args[],
): (UserError & { elementIndex: number | null; code: string })[] {
  const errors: (UserError & { elementIndex: number | null; code: string })[] = [];
  const resolved = inputs.map((input, i) => {
    const namespace = ctx.sim.resolveNamespace(input.namespace);
    const definition = ctx.shop.metafieldDefinitions.find((d) => d.namespace === namespace && d.key === input.key);
    const type = (input.type as string | undefined) ?? definition?.type;
    if (!ownerExists(ctx, String(input.ownerId)))
      errors.push({
        field: ["metafields", String(i), "ownerId"],
        message: "Owner does not exist.",
        code: "INVALID",
        elementIndex: i,
      });
    else if (!type)
      errors.push({
        field: ["metafields", String(i), "type"],
        message: "Type can't be blank.",
        code: "BLANK",
        elementIndex: i,
      });
    else if (definition && definition.type !== type)
      errors.push({
        field: ["metafields", String(i), "type"],
        message: `Type must be ${definition.type}.`,
        code: "INVALID_TYPE",
        elementIndex: i,
      });
    else {
      const problem = valueError(type, String(input.value));
      if (problem)
        errors.push({
          field: ["metafields", String(i), "value"],
          message: problem,
          code: "INVALID_VALUE",
          elementIndex: i,
        });
    }
    return {
      ownerId: String(input.ownerId),
      namespace,
      key: String(input.key),
      type: type ?? "",
      value: String(input.value),
    };
  });
  if (errors.length > 0) return errors;
  saveMetafields(ctx, resolved);
  return [];
}

function saveMetafields(
  ctx: ViewContext,
  entries: { ownerId: string; namespace: string; key: string; type: string; value: string }[],
): MetafieldRecord[] {
  return entries.map((e) => {
    const k = metafieldKey(e.ownerId, e.namespace, e.key);
    const existing = ctx.shop.metafields.get(k);
    const at = ctx.sim.now();
    if (existing) {
      existing.value = e.value;
      existing.type = e.type;
      existing.updatedAt = at;
      return existing;
    }
    const record: MetafieldRecord = { id: ctx.sim.id(), ...e, createdAt: at, updatedAt: at };
    ctx.shop.metafields.set(k, record);
    return record;
  });
}

function metafieldsSet(args: Args, ctx: ViewContext): unknown {
  const inputs = args.metafields as Args[];
  if (inputs.length > METAFIELDS_SET_LIMIT) {
    throw new GraphQLError(
      `The input array size of ${inputs.length} is greater than the maximum allowed of ${METAFIELDS_SET_LIMIT}.`,
      {
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      },
    );
  }
  const errors = writeMetafields(ctx, inputs);
  if (errors.length > 0) return { metafields: [], userErrors: errors };
  const records = inputs.map((input) =>
    ctx.shop.metafields.get(
      metafieldKey(String(input.ownerId), ctx.sim.resolveNamespace(input.namespace), String(input.key)),
    )!,
  );
  return { metafields: records.map((m) => metafieldView(ctx, m)), userErrors: [] };
}

function metafieldsDelete(args: Args, ctx: ViewContext): unknown {
  const deleted = (args.metafields as Args[]).map((input) => {
    const namespace = ctx.sim.resolveNamespace(input.namespace);
    const k = metafieldKey(String(input.ownerId), namespace, String(input.key));
    if (!ctx.shop.metafields.delete(k)) return null;
    return { ownerId: input.ownerId, namespace: input.namespace, key: input.key };
  });
  return { deletedMetafields: deleted, userErrors: [] };
}

function metafieldDefinitionCreate(args: Args, ctx: ViewContext): unknown {
  const d = args.definition as Args;
  const namespace = ctx.sim.resolveNamespace(d.namespace);
  if (
    ctx.shop.metafieldDefinitions.some(
      (x) => x.ownerType === d.ownerType && x.namespace === namespace && x.key === d.key,
    )
  ) {
    return {
      createdDefinition: null,
      userErrors: [
        {
          field: ["definition", "key"],
          message: "Key is in use for Product metafields on the '" + namespace + "' namespace.",
          code: "TAKEN",
          elementIndex: null,
          elementKey: null,
        },
      ],
    };
  }
  const record = {
    id: ctx.sim.id(),
    namespace,
    key: String(d.key),
    name: String(d.name),
    type: String(d.type),
    ownerType: String(d.ownerType),
    description: (d.description as string | undefined) ?? null,
  };
  ctx.shop.metafieldDefinitions.push(record);
  return { createdDefinition: metafieldDefinitionView(record), userErrors: [] };
}

export const metafieldMutations: Record<string, RootResolver> = {
  metafieldsSet,
  metafieldsDelete,
  metafieldDefinitionCreate,
};
