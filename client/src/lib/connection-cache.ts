import type { ApolloCache, Reference, TypedDocumentNode } from '@apollo/client';
import type { ModifierDetails } from '@apollo/client/cache';
import { Kind } from 'graphql';

/** A Relay connection as `relayStylePagination` keeps it in the cache: edges point at normalised nodes. */
interface StoredEdge {
  __typename?: string;
  cursor?: string;
  node?: Reference;
}

interface StoredConnection {
  edges?: readonly StoredEdge[];
  pageInfo?: { hasNextPage?: boolean };
  totalCount?: number;
}

type ReadField = ModifierDetails['readField'];
type ConnectionModifier = (existing: StoredConnection, details: ModifierDetails) => StoredConnection;
type ModifyFields = Parameters<ApolloCache['modify']>[0]['fields'];

const versionFragments = new Map<string, TypedDocumentNode<{ version: number }>>();

/** `fragment CachedVersion on <Type> { version }`, built once per type (no GraphQL parser in the bundle). */
function versionFragment(typename: string): TypedDocumentNode<{ version: number }> {
  let fragment = versionFragments.get(typename);
  if (!fragment) {
    fragment = {
      kind: Kind.DOCUMENT,
      definitions: [
        {
          kind: Kind.FRAGMENT_DEFINITION,
          name: { kind: Kind.NAME, value: 'CachedVersion' },
          typeCondition: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: typename } },
          selectionSet: { kind: Kind.SELECTION_SET, selections: [{ kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'version' } }] },
        },
      ],
    };
    versionFragments.set(typename, fragment);
  }
  return fragment;
}

export function cacheIdOf(cache: ApolloCache, typename: string, id: string): string {
  return cache.identify({ __typename: typename, id }) ?? `${typename}:${id}`;
}

/** The version of this object the cache holds, if any. */
export function cachedVersion(cache: ApolloCache, typename: string, id: string): number | undefined {
  return cache.readFragment({ id: cacheIdOf(cache, typename, id), fragment: versionFragment(typename) })?.version ?? undefined;
}

/**
 * For one object its version is the truth: an event (or a late response) carrying a version the cache
 * already has, or an older one, changes nothing.
 */
export function isNewerThanCached(cache: ApolloCache, typename: string, id: string, version: number): boolean {
  const cached = cachedVersion(cache, typename, id);
  return cached === undefined || version > cached;
}

/** The arguments a cached field variant was stored under (its key arguments), e.g. `{ filter: { done: true } }`. */
export function keyArgsOf(details: Pick<ModifierDetails, 'fieldName' | 'storeFieldName'>): Record<string, unknown> | null {
  const { fieldName, storeFieldName } = details;
  if (storeFieldName === fieldName) return {};
  if (!storeFieldName.startsWith(`${fieldName}:`)) return null;
  try {
    const args: unknown = JSON.parse(storeFieldName.slice(fieldName.length + 1));
    return args && typeof args === 'object' ? (args as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function edgeId(edge: StoredEdge, readField: ReadField): unknown {
  return edge.node === undefined ? undefined : readField('id', edge.node);
}

/**
 * Removes a deleted object from every cached variant of the given root connection fields, fixes their
 * `totalCount`, and drops the object itself (nested connections skip the dangling edge when read).
 */
export function removeFromCache(cache: ApolloCache, typename: string, id: string, connectionFields: readonly string[]): void {
  const modifiers: Record<string, ConnectionModifier> = {};
  for (const field of connectionFields) {
    modifiers[field] = (existing, { readField }) => {
      if (!existing?.edges?.some((edge) => edgeId(edge, readField) === id)) return existing;
      return {
        ...existing,
        edges: existing.edges.filter((edge) => edgeId(edge, readField) !== id),
        ...(typeof existing.totalCount === 'number' ? { totalCount: Math.max(0, existing.totalCount - 1) } : {}),
      };
    };
  }
  cache.modify({ fields: modifiers as ModifyFields });
  cache.evict({ id: cacheIdOf(cache, typename, id) });
  cache.gc();
}

export interface Placement {
  /** The connection field, e.g. `tasks`: on the root query, or on `parent` when given. */
  fieldName: string;
  /** The object holding a nested connection, e.g. the Prompt of `Prompt.stories`. */
  parent?: { typename: string; id: string };
  typename: string;
  edgeTypename: string;
  id: string;
  /** Whether the object belongs in the variant stored under these key arguments. */
  belongsIn: (keyArgs: Record<string, unknown>) => boolean;
  /** The connection's order, comparing two nodes (negative: `a` first). */
  compare: (a: Reference, b: Reference, readField: ReadField) => number;
}

/** The server's "newest first" order, (createdAt, id) descending: a `Placement.compare`, or its tie-break. */
export function newestFirst(a: Reference, b: Reference, readField: ReadField): number {
  const aCreated = readField<string>('createdAt', a) ?? '';
  const bCreated = readField<string>('createdAt', b) ?? '';
  if (aCreated !== bCreated) return aCreated < bCreated ? 1 : -1;
  const aId = readField<string>('id', a) ?? '';
  const bId = readField<string>('id', b) ?? '';
  return aId < bId ? 1 : aId > bId ? -1 : 0;
}

/**
 * Keeps every cached variant of a root connection consistent with one object that was created or
 * changed (already written to the cache): listed, in order, where it belongs; absent where it does not.
 * Listing is idempotent — a mutation result and the event it caused add the object once.
 * A variant whose loaded pages end before the object's place is left alone: a later page brings it.
 */
export function placeInConnections(cache: ApolloCache, placement: Placement): void {
  const modifier: ConnectionModifier = (existing, details) => {
    const { readField, toReference } = details;
    const edges = existing?.edges;
    const args = keyArgsOf(details);
    if (!edges || args === null) return existing;
    const listed = edges.some((edge) => edgeId(edge, readField) === placement.id);
    const belongs = placement.belongsIn(args);
    if (!listed && !belongs) return existing;
    const node = toReference({ __typename: placement.typename, id: placement.id });
    if (!node) return existing;
    const byOrder = (a: StoredEdge, b: StoredEdge) => (a.node && b.node ? placement.compare(a.node, b.node, readField) : 0);
    if (listed && !belongs) {
      return {
        ...existing,
        edges: edges.filter((edge) => edgeId(edge, readField) !== placement.id),
        ...(typeof existing.totalCount === 'number' ? { totalCount: Math.max(0, existing.totalCount - 1) } : {}),
      };
    }
    if (listed) return { ...existing, edges: [...edges].sort(byOrder) };
    const last = edges.at(-1);
    if (existing.pageInfo?.hasNextPage && last?.node && placement.compare(node, last.node, readField) > 0) return existing;
    return {
      ...existing,
      edges: [...edges, { __typename: placement.edgeTypename, cursor: '', node }].sort(byOrder),
      ...(typeof existing.totalCount === 'number' ? { totalCount: existing.totalCount + 1 } : {}),
    };
  };
  const parent = placement.parent && cacheIdOf(cache, placement.parent.typename, placement.parent.id);
  cache.modify({ ...(parent ? { id: parent } : {}), fields: { [placement.fieldName]: modifier } as ModifyFields });
}
