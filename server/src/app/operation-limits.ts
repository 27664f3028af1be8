import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';

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
  /** graphql-armor's cost: objects 2, scalars 1, ×1.5 per level, × a literal `first`. */
  maxCost: 20_000,
} as const;

/** graphql-armor prefixes "Syntax Error: " to validation failures; the contract's code is enough. */
function report(context: ValidationContext | null, error: GraphQLError): void {
  context?.reportError(
    new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
  );
}

export interface OperationLimits {
  /** Depth, alias, directive and cost rules (graphql-armor), for graphql-js `validate`. */
  validationRules: ValidationRule[];
  /** The token limit, enforced by graphql-js's parser itself. */
  parseOptions: ParseOptions;
}

export function operationLimits(): OperationLimits {
  const rejection = { propagateOnRejection: false, onReject: [report] };
  const armor = new ApolloArmor({
    maxDepth: { n: OPERATION_LIMITS.maxDepth, ...rejection },
    maxAliases: { n: OPERATION_LIMITS.maxAliases, ...rejection },
    maxDirectives: { n: OPERATION_LIMITS.maxDirectives, ...rejection },
    costLimit: { maxCost: OPERATION_LIMITS.maxCost, ...rejection },
    // Tokens: graphql-js's own `maxTokens` parse option (one parser, both transports).
    maxTokens: { enabled: false },
    // Suggestions: Apollo's hideSchemaDetailsFromClientErrors and `hideSuggestions` below.
    blockFieldSuggestion: { enabled: false },
  });
  return { validationRules: armor.protect().validationRules, parseOptions: { maxTokens: OPERATION_LIMITS.maxTokens } };
}

/** `Cannot query field "nmae" on type "User". Did you mean "name"?` → without the suggestion. */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean(.+?)\?$/, '');
}
