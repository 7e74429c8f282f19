// Bulk queries as Shopify runs them (Admin API 2026-07): `bulkOperationRunQuery(query:)` checks the
// query against the schema and Shopify's bulk rules, answers at once, then runs the whole query
// with no page limits and writes the result as JSONL: every node of every connection on its own
// line, nested connections flattened, each child line carrying `__parentId` (the id of the nearest
// node above it that is a line). Parents come before their children. Objects that are not in a
// connection (a variant's inventoryItem) stay inline in their parent's line.
import {
  Kind,
  type ArgumentNode,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";

/** Shopify's limits on a bulk query: connections in it, and connections inside connections. */
export const MAX_BULK_QUERY_CONNECTIONS = 5;
export const MAX_BULK_QUERY_NESTING = 2;

export type CheckedBulkQuery =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode; plan: ConnectionPlan }
  | { ok: false; message: string };

/** Where the connections are in the query: the response key, then what each node of it selects. */
export interface ConnectionPlan {
  key: string;
  node: FieldPlan;
}
/** A selection set seen through its response keys: connections, plain objects, leaves. */
export interface FieldPlan {
  connections: ConnectionPlan[];
  objects: { key: string; plan: FieldPlan }[];
  selectsId: boolean;
}

type Fragments = Record<string, FragmentDefinitionNode>;

function fieldsOf(selections: readonly SelectionNode[], fragments: Fragments): FieldNode[] {
  return selections.flatMap((s) =>
    s.kind === Kind.FIELD
      ? [s]
      : s.kind === Kind.INLINE_FRAGMENT
        ? fieldsOf(s.selectionSet.selections, fragments)
        : fieldsOf(fragments[s.name.value]?.selectionSet.selections ?? [], fragments),
  );
}

/** The node selections of a connection field (`edges { node { … } }` or `nodes { … }`), or null. */
function connectionNodes(field: FieldNode, fragments: Fragments): readonly SelectionNode[] | null {
  if (!field.selectionSet) return null;
  const inner = fieldsOf(field.selectionSet.selections, fragments);
  const nodes = inner.find((f) => f.name.value === "nodes");
  if (nodes?.selectionSet) return nodes.selectionSet.selections;
  const edges = inner.find((f) => f.name.value === "edges");
  const node = edges?.selectionSet
    ? fieldsOf(edges.selectionSet.selections, fragments).find((f) => f.name.value === "node")
    : undefined;
  return node?.selectionSet ? node.selectionSet.selections : null;
}

function planOf(
  selections: readonly SelectionNode[],
  fragments: Fragments,
  depth: number,
  count: { n: number; deepest: number },
): FieldPlan {
  const plan: FieldPlan = { connections: [], objects: [], selectsId: false };
  for (const field of fieldsOf(selections, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    if (field.name.value === "id" && !field.selectionSet) plan.selectsId = true;
    const nodes = connectionNodes(field, fragments);
    if (nodes) {
      count.n++;
      count.deepest = Math.max(count.deepest, depth + 1);
      plan.connections.push({ key, node: planOf(nodes, fragments, depth + 1, count) });
    } else if (field.selectionSet) {
      plan.objects.push({ key, plan: planOf(field.selectionSet.selections, fragments, depth, count) });
    }
  }
  return plan;
}

/** Parses and checks a bulk query; the messages are Shopify's where it has one. */
export function checkBulkQuery(schema: GraphQLSchema, query: string): CheckedBulkQuery {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (error) {
    return { ok: false, message: `Invalid bulk query: ${(error as GraphQLError).message}` };
  }
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  const operation = operations[0];
  if (operations.length !== 1 || !operation || operation.operation !== "query")
    return { ok: false, message: "Invalid bulk query: the bulk query must be a single query operation." };
  const problems = validate(schema, document);
  if (problems.length > 0)
    return { ok: false, message: `Invalid bulk query: ${problems.map((p) => p.message).join("; ")}` };
  if ((operation.variableDefinitions ?? []).length > 0)
    return { ok: false, message: "Invalid bulk query: bulk queries cannot take variables." };
  const fragments: Fragments = Object.fromEntries(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((f) => [f.name.value, f]),
  );
  const count = { n: 0, deepest: 0 };
  const top = planOf(operation.selectionSet.selections, fragments, 0, count);
  if (top.connections.length !== 1 || top.objects.length > 0)
    return {
      ok: false,
      message: "Invalid bulk query: Bulk queries must contain exactly one top-level connection field.",
    };
  if (count.n > MAX_BULK_QUERY_CONNECTIONS)
    return {
      ok: false,
      message: `Invalid bulk query: Bulk queries cannot contain more than ${MAX_BULK_QUERY_CONNECTIONS} connections.`,
    };
  if (count.deepest > MAX_BULK_QUERY_NESTING + 1)
    return {
      ok: false,
      message: `Invalid bulk query: Bulk queries cannot contain connections with a nesting depth greater than ${MAX_BULK_QUERY_NESTING}.`,
    };
  const missingId = (plan: FieldPlan): boolean =>
    (hasNested(plan) && !plan.selectsId) || plan.connections.some((c) => missingId(c.node));
  if (top.connections.some((c) => missingId(c.node)))
    return {
      ok: false,
      message: "Invalid bulk query: The parent 'node' field for a nested connection must select the 'id' field.",
    };
  return { ok: true, document, operation, plan: top.connections[0]! };
}

function hasNested(plan: FieldPlan): boolean {
  return plan.connections.length > 0 || plan.objects.some((o) => hasNested(o.plan));
}

function connectionItems(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return [];
  const c = value as { nodes?: unknown[]; edges?: { node: unknown }[] };
  const list = c.nodes ?? c.edges?.map((e) => e.node) ?? [];
  return list.filter((n): n is Record<string, unknown> => n !== null && typeof n === "object");
}

/**
 * The query's answer as Shopify's JSONL lines, parents before their children. `rootObjects` counts
 * the nodes of the top connection.
 */
export function flattenBulkResult(
  data: Record<string, unknown>,
  root: ConnectionPlan,
): { lines: string[]; rootObjects: number } {
  const lines: string[] = [];
  const emit = (node: Record<string, unknown>, plan: FieldPlan, parentId: string | null) => {
    const children: { node: Record<string, unknown>; plan: FieldPlan }[] = [];
    const strip = (obj: Record<string, unknown>, p: FieldPlan): Record<string, unknown> => {
      const out: Record<string, unknown> = { ...obj };
      for (const c of p.connections) {
        for (const child of connectionItems(out[c.key])) children.push({ node: child, plan: c.node });
        delete out[c.key];
      }
      for (const o of p.objects) {
        const inner = out[o.key];
        if (inner && typeof inner === "object" && !Array.isArray(inner))
          out[o.key] = strip(inner as Record<string, unknown>, o.plan);
      }
      return out;
    };
    const line = strip(node, plan);
    if (parentId !== null) line.__parentId = parentId;
    lines.push(JSON.stringify(line));
    const id = typeof node.id === "string" ? node.id : parentId;
    for (const child of children) emit(child.node, child.plan, id);
  };
  const top = connectionItems(data[root.key]);
  for (const node of top) emit(node, root.node, null);
  return { lines, rootObjects: top.length };
}

/** Root nodes run per page, so a large catalogue never holds the server's event loop for long. */
export const BULK_QUERY_PAGE = 250;
const PAGE_ALIAS = "__simPage";

/**
 * The operation with its top-level connection limited to one page after `after`, and that page's
 * pageInfo under an alias: Shopify runs a bulk query whole, the simulator runs it a page at a time
 * and answers the same lines. Null when the connection is not a plain field of the operation.
 */
export function pagedOperation(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rootKey: string,
  after: string | null,
): { document: DocumentNode; operation: OperationDefinitionNode } | null {
  const index = operation.selectionSet.selections.findIndex(
    (s) => s.kind === Kind.FIELD && (s.alias?.value ?? s.name.value) === rootKey,
  );
  const field = operation.selectionSet.selections[index];
  if (index < 0 || !field || field.kind !== Kind.FIELD || !field.selectionSet) return null;
  const arg = (name: string, value: ArgumentNode["value"]): ArgumentNode => ({
    kind: Kind.ARGUMENT,
    name: { kind: Kind.NAME, value: name },
    value,
  });
  const paged: FieldNode = {
    ...field,
    arguments: [
      ...(field.arguments ?? []).filter((a) => !["first", "last", "after", "before"].includes(a.name.value)),
      arg("first", { kind: Kind.INT, value: String(BULK_QUERY_PAGE) }),
      ...(after ? [arg("after", { kind: Kind.STRING, value: after })] : []),
    ],
    selectionSet: {
      ...field.selectionSet,
      selections: [
        ...field.selectionSet.selections,
        {
          kind: Kind.FIELD,
          alias: { kind: Kind.NAME, value: PAGE_ALIAS },
          name: { kind: Kind.NAME, value: "pageInfo" },
          selectionSet: {
            kind: Kind.SELECTION_SET,
            selections: ["hasNextPage", "endCursor"].map((n) => ({
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: n },
            })),
          },
        },
      ],
    },
  };
  const selections = [...operation.selectionSet.selections];
  selections[index] = paged;
  const op: OperationDefinitionNode = { ...operation, selectionSet: { ...operation.selectionSet, selections } };
  return {
    document: { ...document, definitions: document.definitions.map((d) => (d === operation ? op : d)) },
    operation: op,
  };
}

/** The page's end, as pagedOperation asked for it. */
export function nextPage(data: Record<string, unknown>, rootKey: string): string | null {
  const info = (data[rootKey] as Record<string, unknown> | null | undefined)?.[PAGE_ALIAS] as
    { hasNextPage: boolean; endCursor: string | null } | undefined;
  return info?.hasNextPage ? info.endCursor : null;
}
