import { createHash } from 'node:crypto';
import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  getNamedType,
  getOperationAST,
  type GraphQLSchema,
  isObjectType,
  isCompositeType,
  Kind,
  print,
  type SelectionSetNode,
} from 'graphql';
import type { ChorusModule } from '../context/chorus-module.js';
import type { RequestContext } from '../context/request-context.js';
import { RelaySubscription } from '../events/relay-subscription.js';
import { type DirectTarget, GroupDelivery } from './group-delivery.js';

/**
 * graphql-ws's `subscribe`: a relay-fed subscription joins a group of subscribers (same document,
 * operation, variables and, unless every field is viewer-independent (`SharingRules`), viewer),
 * which executes and serialises once per event for all its members (group-delivery.ts); the relay
 * still decides who receives each event. Why: docs/decisions/027 and 035.
 */

/** Which subscriptions may share an execution, from the modules' descriptors (`liveFields`, `viewerIndependentFields`). */
export interface SharingRules {
  /** Subscription root fields whose source events are the relay's shared `StoredEvent` objects. */
  rootFields: ReadonlySet<string>;
  /** Root fields whose results may be shared across viewers when the rest of the selection allows. */
  publicRootFields: ReadonlySet<string>;
  /** `Type.field`s whose value does not depend on who asks. Anything else is executed per viewer. */
  viewerIndependent: ReadonlySet<string>;
}

export function sharingRules(modules: readonly ChorusModule[]): SharingRules {
  const live = modules.flatMap((module) => module.liveFields ?? []);
  return {
    rootFields: new Set(live.map((field) => field.field)),
    publicRootFields: new Set(live.filter((field) => field.public).map((field) => field.field)),
    viewerIndependent: new Set(modules.flatMap((module) => module.viewerIndependentFields ?? [])),
  };
}

interface Plan {
  /** Null: this operation is not shared at all. */
  key: string | null;
  /** Whether viewers may share (else the key is completed with the viewer). */
  acrossViewers: boolean;
}

type Plans = WeakMap<DocumentNode, Map<string, Plan>>;

function selectionIsViewerIndependent(
  rules: SharingRules,
  schema: GraphQLSchema,
  typeName: string,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
): boolean {
  const type = schema.getType(typeName);
  if (!isObjectType(type)) return false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (name === '__typename') continue;
      if (!rules.viewerIndependent.has(`${typeName}.${name}`)) return false;
      const field = type.getFields()[name];
      if (!field) return false;
      const named = getNamedType(field.type);
      if (selection.selectionSet) {
        if (!isCompositeType(named)) return false;
        if (!selectionIsViewerIndependent(rules, schema, named.name, selection.selectionSet, fragments, seen)) return false;
      }
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition?.name.value ?? typeName;
      if (on !== typeName) return false;
      if (!selectionIsViewerIndependent(rules, schema, on, selection.selectionSet, fragments, seen)) return false;
    } else {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || fragment.typeCondition.name.value !== typeName || seen.has(fragment.name.value)) return false;
      seen.add(fragment.name.value);
      const independent = selectionIsViewerIndependent(rules, schema, typeName, fragment.selectionSet, fragments, seen);
      seen.delete(fragment.name.value);
      if (!independent) return false;
    }
  }
  return true;
}

function planFor(rules: SharingRules, plans: Plans, schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined): Plan {
  let byName = plans.get(document);
  if (!byName) plans.set(document, (byName = new Map()));
  const cached = byName.get(operationName ?? '');
  if (cached) return cached;
  let plan: Plan = { key: null, acrossViewers: false };
  const operation = getOperationAST(document, operationName);
  const root = operation?.selectionSet.selections;
  const subscriptionType = schema.getSubscriptionType();
  // One root field, no directives on it (graphql allows exactly one root field in a subscription).
  if (operation?.operation === 'subscription' && subscriptionType && root?.length === 1 && root[0]!.kind === Kind.FIELD && !root[0]!.directives?.length) {
    const field = root[0]!;
    if (rules.rootFields.has(field.name.value)) {
      const fragments = new Map(
        document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
      );
      const returnType = getNamedType(subscriptionType.getFields()[field.name.value]?.type);
      const acrossViewers =
        rules.publicRootFields.has(field.name.value) &&
        returnType !== undefined &&
        field.selectionSet !== undefined &&
        selectionIsViewerIndependent(rules, schema, returnType.name, field.selectionSet, fragments, new Set());
      // Printing normalises the document (clients that send the same query share); a digest keeps
      // the key short, as every subscription holds one.
      const digest = createHash('sha256').update(print(document)).update('\u0000').update(operationName ?? '').digest('base64url');
      plan = { key: digest, acrossViewers };
    }
  }
  byName.set(operationName ?? '', plan);
  return plan;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const directTargets = new WeakMap<object, DirectTarget>();

/**
 * Marks an operation's context with where its results go: a relay-fed subscription with a target
 * is delivered per group (group-delivery.ts), written straight to the socket.
 */
export function deliverDirectly<T extends object>(context: T, target: DirectTarget): T {
  directTargets.set(context, target);
  return context;
}

/**
 * Any other subscription (a story's text, or one without a target) is executed per event for its
 * subscriber alone, as graphql's own `subscribe` would. Once the client has completed it, a result
 * still being executed is dropped.
 */
function executeEach(args: ExecutionArgs, source: AsyncIterable<unknown>): AsyncIterableIterator<ExecutionResult> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  const done = { done: true, value: undefined } as const;
  return {
    async next() {
      const step = finished ? done : await iterator.next();
      if (step.done || finished) return done;
      const result = await execute({ ...args, rootValue: step.value });
      return finished ? done : { done: false, value: result };
    },
    async return() {
      finished = true;
      await iterator.return?.();
      return done;
    },
    async throw(error: unknown) {
      finished = true;
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * Creates graphql-ws's `subscribe`: graphql's own source stream per subscriber (its resolver, its
 * authorisation, its relay subscription), joined to its group for delivery.
 */
export function createSharedSubscribe(rules: SharingRules, delivery = new GroupDelivery()) {
  const plans: Plans = new WeakMap();

  return async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const target = directTargets.get(args.contextValue as object);
    // The member keeps the socket and the id from here on: the entry would live as long as the context.
    directTargets.delete(args.contextValue as object);
    if (!target || !(source instanceof RelaySubscription)) return executeEach(args, source);
    const plan = planFor(rules, plans, args.schema, args.document, args.operationName);
    let group: string | null = null;
    if (plan.key !== null) {
      const viewer = (args.contextValue as RequestContext | undefined)?.viewer;
      const who = plan.acrossViewers ? 'anyone' : viewer ? `${viewer.id}:${viewer.role}` : null;
      if (who !== null) group = `${plan.key}\u0000${stableJson(args.variableValues ?? {})}\u0000${who}`;
    }
    return delivery.join(group, args, source, target);
  };
}
