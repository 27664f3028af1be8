import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  GraphQLError,
  type GraphQLNamedType,
  type GraphQLSchema,
  isInterfaceType,
  isObjectType,
  Kind,
  type ParseOptions,
  type SelectionSetNode,
  typeFromAST,
  type ValidationContext,
  type ValidationRule,
  valueFromAST,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../shared/pagination/index.js';

/**
 * Limits on every GraphQL document, on HTTP and on the websocket alike. Generous for the client's
 * own operations (the deepest is about 7, e.g. prompt → stories → edges → node → prompt) and for
 * GraphiQL's introspection (`__schema` is exempt from depth and cost); far below what a bomb needs.
 */
export const OPERATION_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  /** operationCost's: objects 2, scalars 1, ×1.5 per level, × each page's size. */
  maxCost: 20_000,
} as const;

/** graphql-armor prefixes "Syntax Error: " to validation failures; the contract's code is enough. */
function report(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
  );
}

const OBJECT_COST = 2;
const SCALAR_COST = 1;
const DEPTH_COST_FACTOR = 1.5;
const PAGE_ARGUMENTS = new Set(['first', 'last']);

/**
 * What an operation may cost to run, with its variables: graphql-armor's formula (objects 2,
 * scalars 1, ×1.5 per level, `__schema` free), except that
 * - a page counts the size it will have: a literal `first`, a variable's value or its default, or
 *   the server's default page size when absent; never more than the largest page the server
 *   serves (a larger `first` is refused by the resolver). Armor's rule runs at validation, where
 *   variables are unknown, so `first: $n` counted as one item;
 * - a fragment costs what its fields cost in place: armor counted each spread as a level of its
 *   own, so the client's fragment-built feed cost four times the same fields written out.
 * Undefined when the document names no single operation to run (execution refuses it).
 */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number | undefined {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return undefined;
  const values: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    if (variables && Object.hasOwn(variables, name)) values[name] = variables[name];
    else if (definition.defaultValue) {
      const type = typeFromAST(schema, definition.type);
      values[name] = type && valueFromAST(definition.defaultValue, type as never);
    }
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  // A fragment costs the same wherever it is spread; validation has refused cycles already.
  const fragmentCosts = new Map<string, number>();

  const pageSize = (raw: unknown): number => {
    if (typeof raw !== 'number' || !Number.isInteger(raw)) return DEFAULT_PAGE_SIZE;
    return Math.max(1, Math.min(raw, MAX_PAGE_SIZE));
  };

  const selectionsCost = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined): number => {
    let cost = 0;
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__schema') continue;
        if (!selection.selectionSet) {
          cost += SCALAR_COST;
          continue;
        }
        const field = isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[selection.name.value] : undefined;
        const paged = field?.args.find((argument) => PAGE_ARGUMENTS.has(argument.name));
        const argument = paged && selection.arguments?.find((node) => node.name.value === paged.name);
        const items = paged ? pageSize(argument ? valueFromAST(argument.value, paged.type, values) : undefined) : 1;
        const type = field && getNamedType(field.type);
        cost += items * (OBJECT_COST + DEPTH_COST_FACTOR * selectionsCost(selection.selectionSet, type));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += selectionsCost(selection.selectionSet, type ?? undefined);
      } else {
        const name = selection.name.value;
        let fragmentCost = fragmentCosts.get(name);
        if (fragmentCost === undefined) {
          const fragment = fragments.get(name);
          const type = fragment && schema.getType(fragment.typeCondition.name.value);
          fragmentCost = fragment ? selectionsCost(fragment.selectionSet, type ?? undefined) : 0;
          fragmentCosts.set(name, fragmentCost);
        }
        cost += fragmentCost;
      }
    }
    return cost;
  };
  return selectionsCost(operation.selectionSet, root);
}

/**
 * Costs of operations that take no variables, per parsed document (Apollo and the websocket reuse
 * the DocumentNode of a known query): theirs cannot change, so the walk runs once.
 */
const fixedCosts = new WeakMap<DocumentNode, Map<string, number | undefined>>();

function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number | undefined {
  if (!getOperationAST(document, operationName)?.variableDefinitions?.length) {
    let byName = fixedCosts.get(document);
    if (!byName) fixedCosts.set(document, (byName = new Map()));
    const key = operationName ?? '';
    if (!byName.has(key)) byName.set(key, operationCost(schema, document, operationName, variables));
    return byName.get(key);
  }
  return operationCost(schema, document, operationName, variables);
}

/** The one cost check of both transports, once the variables are known; undefined when within the limit. */
export function costRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  const cost = costOf(schema, document, operationName, variables);
  if (cost === undefined || cost <= OPERATION_LIMITS.maxCost) return undefined;
  return new GraphQLError(`Query Cost limit of ${OPERATION_LIMITS.maxCost} exceeded, found ${cost}.`, {
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED', http: { status: 400 } },
  });
}

export interface OperationLimits {
  /** Depth, alias and directive rules (graphql-armor), for graphql-js `validate`. */
  validationRules: ValidationRule[];
  /** The token limit, enforced by graphql-js's parser itself. */
  parseOptions: ParseOptions;
  /** The cost limit, after validation: a page's size may come from a variable. */
  costRefusal: typeof costRefusal;
}

export function operationLimits(): OperationLimits {
  const rejection = { propagateOnRejection: false, onReject: [report] };
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, ...rejection },
    maxAliases: { n: OPERATION_LIMITS.maxAliases, ...rejection },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives, ...rejection },
    // Cost: costRefusal, once the variables are known (armor's rule runs without them).
    costLimit: { enabled: false },
    // Tokens: graphql-js's own `maxTokens` parse option (one parser, both transports).
    maxTokens: { enabled: false },
    // Suggestions: Apollo's hideSchemaDetailsFromClientErrors and `hideSuggestions` below.
    blockFieldSuggestion: { enabled: false },
  });
  return { validationRules: armor.protect().validationRules, parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens }, costRefusal };
}

/** `Cannot query field "nmae" on type "User". Did you mean "name"?` → without the suggestion. */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
