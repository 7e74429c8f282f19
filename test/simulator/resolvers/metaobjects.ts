// Metaobject definitions and metaobjects: their queries, and create / upsert.
import { handleize } from "../state/ids-and-formats";
import { metaobjectDefinitionView, metaobjectView } from "../views/metaobjects";
import { nodeById } from "../views/nodes";
import { connection, type PageArgs, type ViewContext } from "../views/shared";
import { valueError } from "./metafields";
import type { Args, RootResolver } from "./shared";

function metaobjectDefinitionCreate(args: Args, ctx: ViewContext): unknown {
  const d = args.definition as Args;
  const type = ctx.sim.resolveNamespace(String(d.type));
  if (ctx.shop.metaobjectDefinitions.has(type)) {
    return {
      metaobjectDefinition: null,
      userErrors: [
        {
          field: ["definition", "type"],
          message: "Type has already been taken",
          code: "TAKEN",
          elementIndex: null,
          elementKey: null,
        },
      ],
    };
  }
  const at = ctx.sim.now();
  const record = {
    id: ctx.sim.id(),
    type,
    name: (d.name as string | undefined) ?? type,
    description: (d.description as string | undefined) ?? null,
    displayNameKey: (d.displayNameKey as string | undefined) ?? null,
    fieldDefinitions: ((d.fieldDefinitions as Args[] | undefined) ?? []).map((f) => ({
      key: String(f.key),
      name: (f.name as string | undefined) ?? String(f.key),
      type: String(f.type),
      required: Boolean(f.required),
      description: (f.description as string | undefined) ?? null,
    })),
    createdAt: at,
    updatedAt: at,
  };
  ctx.shop.metaobjectDefinitions.set(type, record);
  return { metaobjectDefinition: metaobjectDefinitionView(ctx, record), userErrors: [] };
}

function metaobjectErr(field: string[], message: string, code: string, elementKey: string | null = null) {
  return { field, message, code, elementIndex: null, elementKey };
}

function writeMetaobject(
  ctx: ViewContext,
  typeRaw: string,
  handle: string | null,
  fields: Args[],
  mode: "create" | "upsert",
  fieldPrefix: string[],
): unknown {
  const type = ctx.sim.resolveNamespace(typeRaw);
  const definition = ctx.shop.metaobjectDefinitions.get(type);
  if (!definition)
    return {
      metaobject: null,
      userErrors: [
        metaobjectErr(
          [...fieldPrefix, "type"],
          'No metaobject definition exists for type "' + typeRaw + '"',
          "UNDEFINED_OBJECT_TYPE",
        ),
      ],
    };
  for (const f of fields) {
    const def = definition.fieldDefinitions.find((x) => x.key === f.key);
    if (!def)
      return {
        metaobject: null,
        userErrors: [
          metaobjectErr(
            [...fieldPrefix, "fields"],
            `Field definition "${String(f.key)}" does not exist`,
            "UNDEFINED_OBJECT_FIELD",
            String(f.key),
          ),
        ],
      };
    const problem = valueError(def.type, String(f.value));
    if (problem)
      return {
        metaobject: null,
        userErrors: [metaobjectErr([...fieldPrefix, "fields"], problem, "INVALID_VALUE", String(f.key))],
      };
  }
  const existing =
    handle === null
      ? undefined
      : [...ctx.shop.metaobjects.values()].find((m) => m.type === type && m.handle === handle);
  if (existing && mode === "create")
    return {
      metaobject: null,
      userErrors: [metaobjectErr([...fieldPrefix, "handle"], "Handle has already been taken", "TAKEN")],
    };
  const at = ctx.sim.now();
  const values = Object.fromEntries(fields.map((f) => [String(f.key), String(f.value)]));
  if (existing) {
    Object.assign(existing.fields, values);
    existing.updatedAt = at;
    return { metaobject: metaobjectView(ctx, existing), userErrors: [] };
  }
  const missing = definition.fieldDefinitions.find((f) => f.required && !(f.key in values));
  if (missing)
    return {
      metaobject: null,
      userErrors: [
        metaobjectErr(
          [...fieldPrefix, "fields"],
          `${missing.name} can't be blank`,
          "OBJECT_FIELD_REQUIRED",
          missing.key,
        ),
      ],
    };
  const id = ctx.sim.id();
  const record = {
    id,
    type,
    handle: handle ?? `${handleize(type)}-${id}`,
    fields: values,
    createdAt: at,
    updatedAt: at,
  };
  ctx.shop.metaobjects.set(id, record);
  return { metaobject: metaobjectView(ctx, record), userErrors: [] };
}

export const metaobjectQueries: Record<string, RootResolver> = {
  metaobjects: (a, ctx) => {
    const type = ctx.sim.resolveNamespace(String(a.type));
    const list = [...ctx.shop.metaobjects.values()].filter((m) => m.type === type);
    return connection(
      list,
      a as PageArgs,
      (m) => m.id,
      (m) => metaobjectView(ctx, m),
    );
  },
  metaobject: (a, ctx) => {
    const node = nodeById(ctx, String(a.id));
    return node?.__typename === "Metaobject" ? node : null;
  },
  metaobjectByHandle: (a, ctx) => {
    const type = ctx.sim.resolveNamespace(String(a.handle.type));
    const m = [...ctx.shop.metaobjects.values()].find((x) => x.type === type && x.handle === a.handle.handle);
    return m ? metaobjectView(ctx, m) : null;
  },
  metaobjectDefinitionByType: (a, ctx) => {
    const d = ctx.shop.metaobjectDefinitions.get(ctx.sim.resolveNamespace(String(a.type)));
    return d ? metaobjectDefinitionView(ctx, d) : null;
  },
};

export const metaobjectMutations: Record<string, RootResolver> = {
  metaobjectDefinitionCreate,
  metaobjectUpsert: (a, ctx) =>
    writeMetaobject(
      ctx,
      String(a.handle.type),
      String(a.handle.handle),
      (a.metaobject?.fields as Args[] | undefined) ?? [],
      "upsert",
      ["metaobject"],
    ),
  metaobjectCreate: (a, ctx) =>
    writeMetaobject(
      ctx,
      String(a.metaobject.type),
      (a.metaobject.handle as string | undefined) ?? null,
      (a.metaobject.fields as Args[] | undefined) ?? [],
      "create",
      ["metaobject"],
    ),
};
