import {
  coerceInputValue,
  type GraphQLError,
  isInputType,
  isNonNullType,
  Kind,
  print,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/** One entry of a GraphQL `errors` array, shaped like Shopify's (graphql-ruby) answers. */
export interface ShopifyGraphQLError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

function locations(error: GraphQLError): { line: number; column: number }[] | undefined {
  return error.locations?.map((l) => ({ line: l.line, column: l.column }));
}

/** graphql-ruby names the path from the operation down, e.g. ["query Products", "products", "nodes", "foo"]. */
function documentPath(document: DocumentNode, target: ASTNode | undefined): string[] | undefined {
  if (!target) return undefined;
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (node !== target) return undefined;
      const chain = [...(ancestors.filter((a) => !Array.isArray(a)) as ASTNode[]), node];
      found = chain.flatMap((a) => {
        if (a.kind === Kind.OPERATION_DEFINITION) return [a.name ? `${a.operation} ${a.name.value}` : a.operation];
        if (a.kind === Kind.FRAGMENT_DEFINITION) return [`fragment ${a.name.value}`];
        if (a.kind === Kind.INLINE_FRAGMENT) return [a.typeCondition ? `... on ${a.typeCondition.name.value}` : "..."];
        if (a.kind === Kind.FIELD) return [a.name.value];
        return [];
      });
      return false;
    },
  });
  return found;
}

/** Maps graphql-js validation messages to the wording and codes Shopify answers with. */
export function shapeValidationError(document: DocumentNode, error: GraphQLError): ShopifyGraphQLError {
  const base = { locations: locations(error), path: documentPath(document, error.nodes?.[0]) };
  let m = /^Cannot query field "([^"]+)" on type "([^"]+)"/.exec(error.message);
  if (m) {
    return {
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      ...base,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    };
  }
  m = /^Unknown argument "([^"]+)" on field "([^".]+)\.([^"]+)"/.exec(error.message);
  if (m) {
    return {
      message: `Field '${m[3]}' doesn't accept argument '${m[1]}'`,
      ...base,
      extensions: { code: "argumentNotAccepted", name: m[3], typeName: "Field", argumentName: m[1] },
    };
  }
  m = /^Field "([^"]+)" argument "([^"]+)" of type "([^"]+)" is required/.exec(error.message);
  if (m) {
    return {
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      ...base,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    };
  }
  m = /^Variable "\$([^"]+)" is never used(?: in operation "([^"]+)")?/.exec(error.message);
  if (m) {
    return {
      message: `Variable $${m[1]} is declared by ${m[2] ?? "anonymous query"} but not used`,
      ...base,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    };
  }
  m = /^Variable "\$([^"]+)" is not defined(?: by operation "([^"]+)")?/.exec(error.message);
  if (m) {
    return {
      message: `Variable $${m[1]} is used by ${m[2] ?? "anonymous query"} but not declared`,
      ...base,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    };
  }
  m = /^Unknown type "([^"]+)"/.exec(error.message);
  if (m) {
    return {
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      ...base,
      extensions: { code: "undefinedType", typeName: m[1] },
    };
  }
  return { message: error.message, ...base, extensions: { code: "validationError" } };
}

export function shapeSyntaxError(error: GraphQLError): ShopifyGraphQLError {
  return {
    message: `Parse error: ${error.message.replace(/^Syntax Error: /, "")}`,
    locations: locations(error),
    extensions: { code: "parseError" },
  };
}

function explanation(error: GraphQLError): string {
  const m = /^Field "([^"]+)" is not defined by type "([^"]+)"/.exec(error.message);
  if (m) return `Field is not defined on ${m[2]}`;
  if (/^Expected non-nullable type .* not to be null/.test(error.message)) return "Expected value to not be null";
  if (/^Field "[^"]+" of required type "[^"]+" was not provided/.test(error.message))
    return "Expected value to not be null";
  const enumMatch = /^Value "([^"]+)" does not exist in "([^"]+)" enum/.exec(error.message);
  if (enumMatch) return `Expected "${enumMatch[1]}" to be one of the values of ${enumMatch[2]}`;
  return error.message.replace(/; Did you mean.*$/, "");
}

/**
 * Coerces variables the way graphql-js would, but reports problems as Shopify does:
 * "Variable $id of type ID! was provided invalid value" with `problems[{path, explanation}]`.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Record<string, unknown>,
): { coerced: Record<string, unknown>; errors: ShopifyGraphQLError[] } {
  const coerced: Record<string, unknown> = {};
  const errors: ShopifyGraphQLError[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type as never);
    const typeText = print(definition.type);
    const loc = definition.loc
      ? [{ line: definition.loc.startToken.line, column: definition.loc.startToken.column }]
      : undefined;
    if (!type || !isInputType(type)) {
      errors.push({
        message: `${typeText} isn't a valid input type (on $${name})`,
        locations: loc,
        extensions: { code: "variableRequiresValidType", typeName: typeText, variableName: name },
      });
      continue;
    }
    const provided = Object.prototype.hasOwnProperty.call(inputs, name);
    if (!provided) {
      if (definition.defaultValue) continue; // graphql-js applies the default during execution
      if (isNonNullType(type)) {
        errors.push({
          message: `Variable $${name} of type ${typeText} was provided invalid value`,
          locations: loc,
          extensions: {
            code: "INVALID_VARIABLE",
            value: null,
            problems: [{ path: [], explanation: "Expected value to not be null" }],
          },
        });
      }
      continue;
    }
    const problems: { path: (string | number)[]; explanation: string }[] = [];
    const value = coerceInputValue(inputs[name], type, (path, _invalid, error) => {
      // graphql-js places an unknown input field at its parent object; Shopify names the field itself.
      const unknownField = /^Field "([^"]+)" is not defined by type/.exec(error.message)?.[1];
      problems.push({ path: unknownField ? [...path, unknownField] : [...path], explanation: explanation(error) });
    });
    if (problems.length > 0) {
      const first = problems[0]!;
      const where = first.path.length > 0 ? ` for ${first.path.join(".")} (${first.explanation})` : "";
      errors.push({
        message: `Variable $${name} of type ${typeText} was provided invalid value${where}`,
        locations: loc,
        extensions: { code: "INVALID_VARIABLE", value: inputs[name] ?? null, problems },
      });
    } else {
      coerced[name] = value;
    }
  }
  return { coerced, errors };
}
