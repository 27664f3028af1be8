import type { ApolloServerOptionsWithGateway } from '@apollo/server';
import { type DocumentNode, execute, type ExecutionResult, getVariableValues, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

// Apollo's own package re-exports the gateway option's type, not the interface's parts.
type GatewayInterface = ApolloServerOptionsWithGateway<object>['gateway'];
type GatewayExecutor = NonNullable<Awaited<ReturnType<GatewayInterface['load']>>['executor']>;

/** Distinct operations kept compiled; the trusted-documents manifest lists far fewer. */
export const COMPILED_OPERATIONS = 1000;

/** What graphql-jit could not compile: run by graphql-js, and remembered so it is not tried again. */
const INTERPRETED = Symbol('interpreted');

type Compiled = CompiledQuery | typeof INTERPRETED;

/**
 * Operations compiled by graphql-jit, once per document and operation name: what Mercurius runs
 * (bench W1). Least recently used beyond `size`; anything jit cannot compile runs on graphql-js.
 */
export class CompiledOperations {
  private readonly byKey = new Map<string, Compiled>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly size = COMPILED_OPERATIONS,
  ) {}

  /**
   * Executes a validated document. Variables are checked by graphql-js first: its errors carry the
   * variable's node, which is how Apollo tells a client's bad input (BAD_USER_INPUT, 400) from a
   * server fault — graphql-jit's do not.
   */
  execute(
    key: string,
    document: DocumentNode,
    operation: OperationDefinitionNode | undefined,
    operationName: string | undefined,
    context: unknown,
    variables: Record<string, unknown> | undefined,
  ): ExecutionResult | Promise<ExecutionResult> {
    // No operation to run (unknown name, several and none named): graphql-js's errors are the answer Apollo expects.
    if (!operation) return this.interpret(document, operationName, context, variables);
    if (operation.variableDefinitions?.length) {
      const coerced = getVariableValues(this.schema, operation.variableDefinitions, variables ?? {});
      if (coerced.errors) return { errors: coerced.errors };
    }
    return this.run(key, document, operationName, context, variables);
  }

  /** Executes an operation of a validated document whose variables are known to coerce. */
  run(key: string, document: DocumentNode, operationName: string | undefined, context: unknown, variables: Record<string, unknown> | undefined): ExecutionResult | Promise<ExecutionResult> {
    const compiled = this.compiled(key, document, operationName);
    if (compiled === INTERPRETED) return this.interpret(document, operationName, context, variables);
    return compiled.query(undefined, context, variables);
  }

  private interpret(document: DocumentNode, operationName: string | undefined, context: unknown, variables: Record<string, unknown> | undefined) {
    return execute({ schema: this.schema, document, operationName, contextValue: context, variableValues: variables });
  }

  private compiled(key: string, document: DocumentNode, operationName: string | undefined): Compiled {
    let compiled = this.byKey.get(key);
    if (compiled !== undefined) {
      // Most recently used last.
      this.byKey.delete(key);
    } else {
      const result = compileQuery(this.schema, document, operationName, { disablingCapturingStackErrors: true });
      compiled = isCompiledQuery(result) ? result : INTERPRETED;
      for (const oldest of this.byKey.keys()) {
        if (this.byKey.size < this.size) break;
        this.byKey.delete(oldest);
      }
    }
    this.byKey.set(key, compiled);
    return compiled;
  }

  get cachedCount(): number {
    return this.byKey.size;
  }
}

/**
 * Apollo Server 5 has no executor option; a gateway that serves one fixed schema and executes with
 * compiled operations is the supported way in. Parsing, validation, plugins, limits, trusted
 * documents and error formatting stay Apollo's: only execution changes.
 */
export function compiledExecutionGateway(schema: GraphQLSchema, operations = new CompiledOperations(schema)): GatewayInterface {
  // The name the client asked for, not the one Apollo resolved: when none matches, the execution's
  // error is what Apollo answers with.
  const executor: GatewayExecutor = async ({ queryHash, document, operation, context, request }) => {
    const name = request.operationName ?? undefined;
    const result = await operations.execute(`${queryHash}:${name ?? ''}`, document, operation, name, context, request.variables);
    return result as ExecutionResult<Record<string, unknown>>;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => {};
    },
    async load() {
      return { executor };
    },
    async stop() {},
  };
}
