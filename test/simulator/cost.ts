import {
  getNamedType,
  isCompositeType,
  isObjectType,
  isInterfaceType,
  Kind,
  valueFromASTUntyped,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type FieldNode,
} from "graphql";

/**
 * Shopify's calculated query cost: scalars and enums 0, objects 1, connections 2 plus
 * (first|last) times the cost of one node, each mutation field 10. `actual` walks the answer
 * instead, counting the nodes a connection really returned.
 */
export const MUTATION_FIELD_COST = 10;
export const MAX_SINGLE_QUERY_COST = 1000;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function argValue(field: FieldNode, name: string, variables: Record<string, unknown>): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  return valueFromASTUntyped(arg.value, variables);
}

function isConnection(typeName: string): boolean {
  return typeName.endsWith("Connection");
}

/** Every field node selected on `parentType`, fragments flattened. */
function collectFields(ctx: CostContext, selectionSet: SelectionSetNode, out: FieldNode[] = []): FieldNode[] {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) out.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) collectFields(ctx, selection.selectionSet, out);
    else {
      const fragment = ctx.fragments[selection.name.value];
      if (fragment) collectFields(ctx, fragment.selectionSet, out);
    }
  }
  return out;
}

function fieldDef(
  ctx: CostContext,
  parent: GraphQLCompositeType,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent) || isInterfaceType(parent)) return parent.getFields()[name];
  return undefined;
}

/** Cost of the selections inside an object; fields of a type not matching a fragment are still counted (worst case). */
function selectionCost(
  ctx: CostContext,
  parent: GraphQLCompositeType,
  selectionSet: SelectionSetNode,
  data: unknown,
  actual: boolean,
): number {
  let total = 0;
  for (const field of collectFields(ctx, selectionSet)) {
    const name = field.name.value;
    if (name === "__typename") continue;
    // Fields of inline fragments on other types may not exist on `parent`; look them up on any type.
    const def = fieldDef(ctx, parent, name) ?? findFieldAnywhere(ctx, field, parent);
    if (!def) continue;
    const key = field.alias?.value ?? name;
    const value = actual && data && typeof data === "object" ? (data as Record<string, unknown>)[key] : undefined;
    if (actual && (data === null || data === undefined)) continue;
    total += fieldCost(ctx, def, field, value, actual);
  }
  return total;
}

function findFieldAnywhere(
  ctx: CostContext,
  field: FieldNode,
  parent: GraphQLCompositeType,
): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(parent)) return undefined;
  for (const type of ctx.schema.getPossibleTypes(parent as never)) {
    const def = type.getFields()[field.name.value];
    if (def) return def;
  }
  return undefined;
}

function fieldCost(
  ctx: CostContext,
  def: GraphQLField<unknown, unknown>,
  field: FieldNode,
  value: unknown,
  actual: boolean,
): number {
  const named = getNamedType(def.type);
  if (!isCompositeType(named) || !field.selectionSet) return 0;
  if (isConnection(named.name)) {
    const size = Number(argValue(field, "first", ctx.variables) ?? argValue(field, "last", ctx.variables) ?? 0);
    const inner = collectFields(ctx, field.selectionSet);
    if (actual) {
      const conn = value as { edges?: { node: unknown }[]; nodes?: unknown[] } | null;
      if (!conn) return 2;
      let sum = 0;
      for (const sub of inner) sum += connectionPartCost(ctx, named, sub, conn, true);
      return 2 + sum;
    }
    let perNode = 0;
    for (const sub of inner) perNode += connectionPartCost(ctx, named, sub, null, false);
    return 2 + size * perNode;
  }
  if (actual && Array.isArray(value)) {
    return value.reduce(
      (sum: number, item) => sum + (item === null ? 0 : 1 + selectionCost(ctx, named, field.selectionSet!, item, true)),
      0,
    );
  }
  return 1 + selectionCost(ctx, named, field.selectionSet, value, actual);
}

/** Cost of `edges { node }` / `nodes` inside a connection; pageInfo is free. */
function connectionPartCost(
  ctx: CostContext,
  connType: GraphQLCompositeType,
  sub: FieldNode,
  conn: { edges?: { node: unknown }[]; nodes?: unknown[] } | null,
  actual: boolean,
): number {
  const def = fieldDef(ctx, connType, sub.name.value);
  if (!def || !sub.selectionSet) return 0;
  const named = getNamedType(def.type);
  if (!isCompositeType(named)) return 0;
  if (sub.name.value === "nodes") {
    if (!actual) return 1 + selectionCost(ctx, named, sub.selectionSet, undefined, false);
    const items = (conn?.[(sub.alias?.value ?? "nodes") as "nodes"] as unknown[] | undefined) ?? [];
    return items.reduce((s: number, item) => s + 1 + selectionCost(ctx, named, sub.selectionSet!, item, true), 0);
  }
  if (sub.name.value === "edges") {
    const nodeField = collectFields(ctx, sub.selectionSet).find((f) => f.name.value === "node");
    if (!nodeField?.selectionSet) return 0;
    const nodeDef = fieldDef(ctx, named, "node");
    if (!nodeDef) return 0;
    const nodeType = getNamedType(nodeDef.type);
    if (!isCompositeType(nodeType)) return 0;
    if (!actual) return 1 + selectionCost(ctx, nodeType, nodeField.selectionSet, undefined, false);
    const edges = (conn?.[(sub.alias?.value ?? "edges") as "edges"] as { [k: string]: unknown }[] | undefined) ?? [];
    return edges.reduce(
      (s: number, edge) =>
        s + 1 + selectionCost(ctx, nodeType, nodeField.selectionSet!, edge?.[nodeField.alias?.value ?? "node"], true),
      0,
    );
  }
  return 0;
}

export function queryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const ctx: CostContext = { schema, fragments, variables };
  if (operation.operation === "mutation") {
    return (
      collectFields(ctx, operation.selectionSet).filter((f) => f.name.value !== "__typename").length *
      MUTATION_FIELD_COST
    );
  }
  const root = schema.getQueryType()!;
  if (data === undefined) return selectionCost(ctx, root, operation.selectionSet, undefined, false);
  return selectionCost(ctx, root, operation.selectionSet, data ?? {}, true);
}
