// Metaobject definitions and metaobjects.
import { gid, iso } from "../state/ids-and-formats";
import type { MetaobjectDefinitionRecord, MetaobjectRecord } from "../state/metafields";
import { jsonValueOf } from "./metafields";
import { type Args, connection, type PageArgs, type View, type ViewContext } from "./shared";

export function metaobjectDefinitionView(ctx: ViewContext, d: MetaobjectDefinitionRecord): View {
  return {
    __typename: "MetaobjectDefinition",
    id: gid("MetaobjectDefinition", d.id),
    type: d.type,
    name: d.name,
    description: d.description,
    displayNameKey: d.displayNameKey,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    hasThumbnailField: false,
    metaobjectsCount: [...ctx.shop.metaobjects.values()].filter((m) => m.type === d.type).length,
    fieldDefinitions: d.fieldDefinitions.map((f) => ({
      key: f.key,
      name: f.name,
      description: f.description,
      required: f.required,
      type: {
        name: f.type,
        category: "TEXT",
        supportsDefinitionMigrations: true,
        supportedValidations: [],
        valueType: "STRING",
      },
      validations: [],
    })),
    metaobjects(args: PageArgs) {
      const list = [...ctx.shop.metaobjects.values()].filter((m) => m.type === d.type);
      return connection(
        list,
        args,
        (m) => m.id,
        (m) => metaobjectView(ctx, m),
      );
    },
  };
}

export function metaobjectView(ctx: ViewContext, m: MetaobjectRecord): View {
  const definition = ctx.shop.metaobjectDefinitions.get(m.type);
  const fieldType = (key: string) =>
    definition?.fieldDefinitions.find((f) => f.key === key)?.type ?? "single_line_text_field";
  const fieldView = (key: string) => {
    const value = m.fields[key] ?? null;
    return {
      key,
      type: fieldType(key),
      value,
      jsonValue: value === null ? null : jsonValueOf(fieldType(key), value),
      reference: null,
    };
  };
  const displayKey = definition?.displayNameKey;
  return {
    __typename: "Metaobject",
    id: gid("Metaobject", m.id),
    type: m.type,
    handle: m.handle,
    displayName: (displayKey && m.fields[displayKey]) || m.handle,
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
    fields: (definition?.fieldDefinitions.map((f) => f.key) ?? Object.keys(m.fields)).map(fieldView),
    field(args: Args) {
      const key = String(args.key);
      return definition?.fieldDefinitions.some((f) => f.key === key) || key in m.fields ? fieldView(key) : null;
    },
    get definition() {
      return definition ? metaobjectDefinitionView(ctx, definition) : null;
    },
    capabilities: { publishable: null, onlineStore: null },
  };
}
