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
import type { WebSocket } from 'ws';
import { resumeRequired } from '../shared/errors.js';
import type { ChorusModule } from '../context/chorus-module.js';
import type { RequestContext } from '../context/request-context.js';

/**
 * graphql-ws's `subscribe`: executes a relay-fed subscription once per group (same document,
 * operation, variables and, unless every field is viewer-independent (`SharingRules`), viewer) and hands every member
 * the same result; the relay still decides who receives each event. Why: docs/decisions/027.
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

/**
 * Every subscriber's document, parsed from the same text, is replaced by one shared copy: a
 * subscription lives for hours, and a parsed document with its locations and tokens is ~10 KB.
 * Keyed by the exact text, so error locations stay right; bounded, least recently used first out.
 */
const MAX_DOCUMENTS = 500;
const documents = new Map<string, DocumentNode>();

function sharedDocument(document: DocumentNode): DocumentNode {
  const text = document.loc?.source.body;
  if (text === undefined) return document;
  const known = documents.get(text);
  if (known) {
    documents.delete(text);
    documents.set(text, known);
    return known;
  }
  documents.set(text, document);
  if (documents.size > MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
  return document;
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

function isRelayEvent(payload: unknown): payload is { cursor: string } {
  return typeof payload === 'object' && payload !== null && typeof (payload as { cursor?: unknown }).cursor === 'string';
}

/** Where a subscription's results can be written without graphql-ws's per-message path. */
export interface DirectTarget {
  /** The graphql-ws operation id. */
  id: string;
  socket: Pick<WebSocket, 'send' | 'readyState' | 'bufferedAmount' | 'OPEN'>;
}

const directTargets = new WeakMap<object, DirectTarget>();

/**
 * Marks an operation's context so its error-free results go straight to the socket as
 * `{"id":…,"type":"next","payload":…}`, serialised once per shared result instead of once per
 * subscriber. Results with errors still take graphql-ws's path (they are masked per socket there).
 */
export function deliverDirectly<T extends object>(context: T, target: DirectTarget): T {
  directTargets.set(context, target);
  return context;
}

/**
 * Past this much unsent data on its socket, a subscriber takes its next event only once the socket
 * has drained: a reading client keeps up with any burst of large events (the rest waits in the
 * log, event-relay.ts), however slow its link. One whose socket makes no progress at all for
 * STALL_MS stopped reading: it ends with RESUME_REQUIRED and the last cursor it was sent.
 */
const HIGH_WATER_BYTES = 1024 * 1024;
const DRAIN_POLL_MS = 10;
const STALL_MS = 10_000;

/** Waits for the socket to drain; `stalled` gives the error to end with when it stopped moving (or null to wait on). */
async function drained(socket: DirectTarget['socket'], isDone: () => boolean, stalled: () => Error | null): Promise<void> {
  let previous = socket.bufferedAmount;
  let movedAt = Date.now();
  while (socket.bufferedAmount > HIGH_WATER_BYTES && socket.readyState === socket.OPEN && !isDone()) {
    if (socket.bufferedAmount < previous) movedAt = Date.now();
    previous = socket.bufferedAmount;
    if (Date.now() - movedAt > STALL_MS) {
      const error = stalled();
      if (error) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}

const serialised = new WeakMap<ExecutionResult, string>();

function serialise(result: ExecutionResult): string {
  let json = serialised.get(result);
  if (json === undefined) serialised.set(result, (json = JSON.stringify(result)));
  return json;
}

export interface SharedExecutionStats {
  executions: number;
  shared: number;
}

/**
 * Creates graphql-ws's `subscribe`: graphql's own source stream per subscriber (its resolver, its
 * authorisation, its relay interest), and one execution per group and event.
 */
export function createSharedSubscribe(rules: SharingRules, stats: SharedExecutionStats = { executions: 0, shared: 0 }) {
  /** Per source event: group key → the result being (or already) computed. */
  const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();
  const plans: Plans = new WeakMap();

  const run = (args: ExecutionArgs, payload: unknown): Promise<ExecutionResult> => {
    stats.executions++;
    return Promise.resolve(execute({ ...args, rootValue: payload }));
  };

  return async function subscribe(args: ExecutionArgs): Promise<AsyncIterable<ExecutionResult> | ExecutionResult> {
    // graphql-ws keeps `args` for the subscription's lifetime: pointing it at the shared document
    // lets the subscriber's own copy go.
    args.document = sharedDocument(args.document);
    const source = await createSourceEventStream(args);
    if (!(Symbol.asyncIterator in source)) return source;
    const plan = planFor(rules, plans, args.schema, args.document, args.operationName);
    let group: string | null = null;
    if (plan.key !== null) {
      const viewer = (args.contextValue as RequestContext | undefined)?.viewer;
      const who = plan.acrossViewers ? 'anyone' : viewer ? `${viewer.id}:${viewer.role}` : null;
      if (who !== null) group = `${plan.key}\u0000${stableJson(args.variableValues ?? {})}\u0000${who}`;
    }

    const resultFor = async (payload: unknown): Promise<ExecutionResult> => {
      if (group === null || !isRelayEvent(payload)) return run(args, payload);
      // Keyed by the event object itself (the relay hands every subscriber the same one), then by
      // group: the same string for every event, so no key is built per delivery.
      let byGroup = results.get(payload);
      if (!byGroup) results.set(payload, (byGroup = new Map()));
      const key = group;
      const pending = byGroup.get(key);
      if (pending) {
        const result = await pending;
        // An error may belong to the subscriber that executed: execute for ourselves instead.
        if (!result.errors?.length) {
          stats.shared++;
          return result;
        }
        return run(args, payload);
      }
      const mine = run(args, payload);
      byGroup.set(key, mine);
      return mine;
    };

    const iterator = source[Symbol.asyncIterator]();
    const direct = directTargets.get(args.contextValue as object);
    const prefix = direct ? `{"id":${JSON.stringify(direct.id)},"type":"next","payload":` : '';
    // Once the client has completed the operation (graphql-ws then calls `return`), a result still
    // being executed is dropped: nothing goes out for an operation the client ended.
    let finished = false;
    let lastSentCursor: string | null = null;
    // Only an operation that sent something fills its socket; one that sent nothing waits on.
    const stalled = () => (lastSentCursor === null ? null : resumeRequired(lastSentCursor));
    const mapped: AsyncGenerator<ExecutionResult, void, void> = {
      async next() {
        for (;;) {
          // Checked here first: an uncongested socket (the usual case) costs no await per event.
          if (direct && direct.socket.bufferedAmount > HIGH_WATER_BYTES) {
            try {
              await drained(direct.socket, () => finished, stalled);
            } catch (error) {
              // Ending by throwing skips `return`: the relay's subscription has to be ended here.
              finished = true;
              await iterator.return?.();
              throw error;
            }
          }
          if (finished) return { done: true, value: undefined };
          const step = await iterator.next();
          if (step.done || finished) return { done: true, value: undefined };
          const result = await resultFor(step.value);
          if (finished) return { done: true, value: undefined };
          if (isRelayEvent(step.value)) lastSentCursor = step.value.cursor;
          if (!direct || result.errors?.length || direct.socket.readyState !== direct.socket.OPEN) {
            return { done: false, value: result };
          }
          direct.socket.send(`${prefix}${serialise(result)}}`);
        }
      },
      async return() {
        finished = true;
        await iterator.return?.();
        return { done: true, value: undefined };
      },
      async throw(error: unknown) {
        finished = true;
        if (iterator.throw) await iterator.throw(error);
        else await iterator.return?.();
        throw error;
      },
      [Symbol.asyncIterator]() {
        return this;
      },
    } as AsyncGenerator<ExecutionResult, void, void>;
    return mapped;
  };
}
