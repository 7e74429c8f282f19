// Bulk mutations as Shopify runs them (Admin API 2026-07): the app uploads a JSONL file of
// variables through a BULK_MUTATION_VARIABLES staged upload, then `bulkOperationRunMutation`
// checks the mutation against the schema and runs it once per line, asynchronously, through the
// very resolvers a normal call uses. The operation goes CREATED → RUNNING → COMPLETED (or FAILED /
// CANCELED), counts the lines done in `objectCount`, and ends with a result JSONL (one line per
// input line, `data` and `errors` as a normal answer would have them, plus `__lineNumber`) and a
// signed `bulk_operations/finish` webhook. Since 2026-01 an app may run five bulk operations per
// shop at once; a sixth is refused with LIMIT_REACHED.
import { randomUUID } from "node:crypto";
import {
  Kind,
  parse,
  validate,
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";
import { checkBulkQuery, flattenBulkResult, nextPage, pagedOperation, type ConnectionPlan } from "./bulk-query";
import type { Faults, FaultSpec } from "./faults";
import type { BulkOperationRecord } from "./state/bulk-operations";
import { gid, iso, parseGid } from "./state/ids-and-formats";
import type { ShopData } from "./state/shops";
import type { SimulatorState } from "./state/simulator-state";
import type { View } from "./views/shared";

/** Concurrent bulk operations an app may run per shop from 2026-01 on. */
export const MAX_CONCURRENT_BULK_OPERATIONS = 5;
/** Lines run per turn of the event loop, so a large file never blocks the server's other answers. */
const LINES_PER_TICK = 50;

export type LineRunner = (
  shop: ShopData,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
) => Promise<{ data: unknown; errors?: unknown[] }>;

type BulkUserError = { field: string[] | null; message: string; code: string };

const ACTIVE = new Set(["CREATED", "RUNNING", "CANCELING"]);

export class BulkOperations {
  /** Operations a `bulk-hold` fault stopped, waiting for `release()`. */
  private readonly held = new Map<number, () => void>();
  private readonly running = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly deps: {
      schema: GraphQLSchema;
      state: SimulatorState;
      faults: Faults;
      runLine: LineRunner;
      baseUrl: () => string;
      emit: (shop: string, topic: string, payload: unknown) => void;
    },
  ) {}

  run(
    shop: ShopData,
    args: { mutation: string; stagedUploadPath: string; clientIdentifier?: string | null },
  ): { bulkOperation: View | null; userErrors: BulkUserError[] } {
    const refuse = (code: string, message: string, field: string[] | null = null) => ({
      bulkOperation: null,
      userErrors: [{ field, message, code }],
    });
    let document: DocumentNode;
    try {
      document = parse(args.mutation);
    } catch (error) {
      return refuse("INVALID_MUTATION", `Invalid mutation: ${(error as GraphQLError).message}`, ["mutation"]);
    }
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const operation = operations[0];
    if (operations.length !== 1 || !operation || operation.operation !== "mutation") {
      return refuse("INVALID_MUTATION", "The bulk mutation must be a single mutation operation.", ["mutation"]);
    }
    const problems = validate(this.deps.schema, document);
    if (problems.length > 0)
      return refuse("INVALID_MUTATION", `Invalid mutation: ${problems.map((p) => p.message).join("; ")}`, ["mutation"]);
    const roots = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
    if (roots.length !== 1)
      return refuse("INVALID_MUTATION", "The bulk mutation must select exactly one mutation field.", ["mutation"]);

    const staged = [...shop.stagedUploads.values()].find((s) => s.key === args.stagedUploadPath);
    if (!staged || staged.resource !== "BULK_MUTATION_VARIABLES" || staged.body === null) {
      return refuse("NO_SUCH_FILE", `The JSONL file could not be found: ${args.stagedUploadPath}`, [
        "stagedUploadPath",
      ]);
    }
    const lines = staged.body
      .toString("utf8")
      .split("\n")
      .filter((l) => l.trim() !== "");
    const variables: Record<string, unknown>[] = [];
    for (const [i, line] of lines.entries()) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        return refuse(
          "INVALID_STAGED_UPLOAD_FILE",
          `Unexpected file structure - expected JSONL (line ${i + 1} is not JSON).`,
          ["stagedUploadPath"],
        );
      }
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return refuse(
          "INVALID_STAGED_UPLOAD_FILE",
          `Unexpected file structure - expected JSONL (line ${i + 1} is not an object).`,
          ["stagedUploadPath"],
        );
      }
      variables.push(value as Record<string, unknown>);
    }
    const active = [...shop.bulkOperations.values()].filter((o) => ACTIVE.has(o.status));
    if (active.length >= MAX_CONCURRENT_BULK_OPERATIONS) {
      return refuse(
        "LIMIT_REACHED",
        `A shop can run at most ${MAX_CONCURRENT_BULK_OPERATIONS} bulk operations at the same time. Wait for one to finish and try again.`,
      );
    }
    const sim = this.deps.state;
    const record: BulkOperationRecord = {
      id: sim.id(),
      type: "MUTATION",
      status: "CREATED",
      errorCode: null,
      query: args.mutation,
      clientIdentifier: args.clientIdentifier ?? null,
      stagedUploadPath: args.stagedUploadPath,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      createdAt: sim.now(),
      completedAt: null,
    };
    shop.bulkOperations.set(record.id, record);
    const fault = this.deps.faults.take(
      {
        target: "bulk",
        operationName: operation.name?.value ?? null,
        rootFields: roots.map((r) => (r.kind === Kind.FIELD ? r.name.value : "")),
      },
      sim.now(),
    );
    const job = this.execute(shop, record, document, operation, variables, fault);
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return { bulkOperation: bulkOperationView(record), userErrors: [] };
  }

  /**
   * bulkOperationRunQuery: the query is checked (schema, then Shopify's bulk rules: one top-level
   * connection, at most five connections, nested two deep, `id` on parents of nested connections),
   * then run whole, off the rate-limit bucket, and its JSONL written (see bulk-query.ts).
   * `groupObjects` is accepted and changes nothing (children always follow their parent here).
   */
  runQuery(shop: ShopData, args: { query: string }): { bulkOperation: View | null; userErrors: BulkUserError[] } {
    const checked = checkBulkQuery(this.deps.schema, args.query);
    if (!checked.ok)
      return { bulkOperation: null, userErrors: [{ field: ["query"], message: checked.message, code: "INVALID" }] };
    const active = [...shop.bulkOperations.values()].filter((o) => ACTIVE.has(o.status));
    if (active.length >= MAX_CONCURRENT_BULK_OPERATIONS) {
      return {
        bulkOperation: null,
        userErrors: [
          {
            field: null,
            message: `A shop can run at most ${MAX_CONCURRENT_BULK_OPERATIONS} bulk operations at the same time. Wait for one to finish and try again.`,
            code: "LIMIT_REACHED",
          },
        ],
      };
    }
    const sim = this.deps.state;
    const record: BulkOperationRecord = {
      id: sim.id(),
      type: "QUERY",
      status: "CREATED",
      errorCode: null,
      query: args.query,
      clientIdentifier: null,
      stagedUploadPath: "",
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      url: null,
      partialDataUrl: null,
      createdAt: sim.now(),
      completedAt: null,
    };
    shop.bulkOperations.set(record.id, record);
    const fault = this.deps.faults.take(
      { target: "bulk", operationName: checked.operation.name?.value ?? null, rootFields: [checked.plan.key] },
      sim.now(),
    );
    const job = this.executeQuery(shop, record, checked.document, checked.operation, checked.plan, fault);
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return { bulkOperation: bulkOperationView(record), userErrors: [] };
  }

  cancel(
    shop: ShopData,
    id: string,
  ): { bulkOperation: View | null; userErrors: { field: string[] | null; message: string }[] } {
    const record = this.find(shop, id);
    if (!record)
      return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
    if (!ACTIVE.has(record.status)) {
      return {
        bulkOperation: bulkOperationView(record),
        userErrors: [
          { field: null, message: `A bulk operation cannot be canceled when it is ${record.status.toLowerCase()}` },
        ],
      };
    }
    record.status = "CANCELING";
    this.held.get(record.id)?.();
    return { bulkOperation: bulkOperationView(record), userErrors: [] };
  }

  find(shop: ShopData, id: string): BulkOperationRecord | undefined {
    const n = parseGid(id, "BulkOperation");
    return n === null ? undefined : shop.bulkOperations.get(n);
  }

  /** The app's most recent operation of the type (Shopify's default type is QUERY). */
  current(shop: ShopData, type: "MUTATION" | "QUERY"): BulkOperationRecord | undefined {
    return [...shop.bulkOperations.values()]
      .filter((o) => o.type === type)
      .sort((a, b) => b.createdAt - a.createdAt || b.id - a.id)[0];
  }

  /** Lets operations stopped by a `bulk-hold` fault go on. */
  release(): number {
    const n = this.held.size;
    for (const go of [...this.held.values()]) go();
    return n;
  }

  /** Resolves when no operation is running (held ones excepted: release them first). */
  async idle(): Promise<void> {
    while (this.running.size > this.held.size) await Promise.race([...this.running]);
  }

  close(): void {
    this.closed = true;
    this.release();
  }

  private async execute(
    shop: ShopData,
    record: BulkOperationRecord,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown>[],
    fault: FaultSpec | null,
  ): Promise<void> {
    // Shopify answers the mutation first and starts the work a moment later.
    await new Promise((r) => setImmediate(r));
    if (record.status === "CREATED") record.status = "RUNNING";
    const out: string[] = [];
    const stopAt =
      fault && (fault.kind === "bulk-fail" || fault.kind === "bulk-hold") ? (fault.afterLines ?? 0) : Infinity;
    for (let i = 0; i < variables.length; i++) {
      if (i === stopAt && fault?.kind === "bulk-hold") {
        await new Promise<void>((resolve) => this.held.set(record.id, resolve));
        this.held.delete(record.id);
      }
      if (this.closed) return;
      if (record.status === "CANCELING") return this.finish(shop, record, out, "CANCELED", null);
      if (i === stopAt && fault?.kind === "bulk-fail")
        return this.finish(shop, record, out, "FAILED", fault.errorCode ?? "INTERNAL_SERVER_ERROR");
      const answer = await this.deps.runLine(shop, document, operation, variables[i]!);
      out.push(
        JSON.stringify({
          ...(answer.errors?.length ? { errors: answer.errors } : {}),
          data: answer.data,
          __lineNumber: i,
        }),
      );
      record.objectCount = i + 1;
      record.rootObjectCount = i + 1;
      if ((i + 1) % LINES_PER_TICK === 0) await new Promise((r) => setImmediate(r));
    }
    if (fault?.kind === "bulk-hold" && stopAt >= variables.length) {
      await new Promise<void>((resolve) => this.held.set(record.id, resolve));
      this.held.delete(record.id);
      if (this.closed) return;
    }
    if (record.status === "CANCELING") return this.finish(shop, record, out, "CANCELED", null);
    if (fault?.kind === "bulk-fail" && stopAt >= variables.length)
      return this.finish(shop, record, out, "FAILED", fault.errorCode ?? "INTERNAL_SERVER_ERROR");
    this.finish(shop, record, out, "COMPLETED", null);
  }

  private async executeQuery(
    shop: ShopData,
    record: BulkOperationRecord,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    plan: ConnectionPlan,
    fault: FaultSpec | null,
  ): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (record.status === "CREATED") record.status = "RUNNING";
    const lines: string[] = [];
    let rootObjects = 0;
    let after: string | null = null;
    do {
      const paged = pagedOperation(document, operation, plan.key, after);
      const answer = await this.deps.runLine(shop, paged?.document ?? document, paged?.operation ?? operation, {});
      const data = (answer.data ?? {}) as Record<string, unknown>;
      const page = flattenBulkResult(data, plan);
      lines.push(...page.lines);
      rootObjects += page.rootObjects;
      record.objectCount = lines.length;
      after = paged ? nextPage(data, plan.key) : null;
      // Other requests (the app polling this operation) are answered between pages.
      await new Promise((r) => setImmediate(r));
      if (this.closed) return;
    } while (after !== null);
    const stopAt =
      fault && (fault.kind === "bulk-fail" || fault.kind === "bulk-hold")
        ? (fault.afterLines ?? lines.length)
        : lines.length;
    const done = lines.slice(0, Math.min(stopAt, lines.length));
    record.objectCount = done.length;
    record.rootObjectCount = rootObjects;
    if (fault?.kind === "bulk-hold") {
      await new Promise<void>((resolve) => this.held.set(record.id, resolve));
      this.held.delete(record.id);
      if (this.closed) return;
      if (record.status !== "CANCELING") {
        record.objectCount = lines.length;
        return this.finish(shop, record, lines, "COMPLETED", null);
      }
    }
    if (this.closed) return;
    if (record.status === "CANCELING") return this.finish(shop, record, done, "CANCELED", null);
    if (fault?.kind === "bulk-fail")
      return this.finish(shop, record, done, "FAILED", fault.errorCode ?? "INTERNAL_SERVER_ERROR");
    this.finish(shop, record, lines, "COMPLETED", null);
  }

  private finish(
    shop: ShopData,
    record: BulkOperationRecord,
    lines: string[],
    status: "COMPLETED" | "FAILED" | "CANCELED",
    errorCode: BulkOperationRecord["errorCode"],
  ): void {
    const body = lines.length ? `${lines.join("\n")}\n` : "";
    const token = randomUUID();
    const url = `${this.deps.baseUrl()}/_sim/bulk-results/${token}.jsonl`;
    if (lines.length) shop.bulkResults.set(token, body);
    record.status = status;
    record.errorCode = errorCode;
    record.completedAt = this.deps.state.now();
    if (status === "COMPLETED") {
      record.url = lines.length ? url : null;
      record.fileSize = lines.length ? Buffer.byteLength(body) : null;
    } else {
      record.partialDataUrl = lines.length ? url : null;
    }
    this.deps.emit(shop.domain, "bulk_operations/finish", {
      admin_graphql_api_id: gid("BulkOperation", record.id),
      completed_at: iso(record.completedAt),
      created_at: iso(record.createdAt),
      error_code: errorCode === null ? null : errorCode.toLowerCase(),
      status: status.toLowerCase(),
      type: record.type.toLowerCase(),
    });
  }
}

export function bulkOperationView(o: BulkOperationRecord): View {
  return {
    __typename: "BulkOperation",
    id: gid("BulkOperation", o.id),
    type: o.type,
    status: o.status,
    errorCode: o.errorCode,
    query: o.query,
    // UnsignedInt64 travels as a string, as Shopify sends it.
    objectCount: String(o.objectCount),
    rootObjectCount: String(o.rootObjectCount),
    fileSize: o.fileSize === null ? null : String(o.fileSize),
    url: o.url,
    partialDataUrl: o.partialDataUrl,
    createdAt: iso(o.createdAt),
    completedAt: o.completedAt === null ? null : iso(o.completedAt),
  };
}
