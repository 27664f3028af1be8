import type { ApolloCache, TypedDocumentNode } from '@apollo/client';
import type { ChangeKind } from '../gql/graphql';
import { cacheIdOf, cachedVersion, removeFromCache } from './connection-cache';

/** What every change event (`taskEvents`, `tweetEvents`, `userEvents`, …) says of the object it is about. */
export interface ChangeEvent {
  kind: ChangeKind;
  id: string;
  version: number;
}

export interface ChangeEventOptions<TNode> {
  typename: string;
  /** The object as the event carries it; null once deleted. */
  node: TNode | null | undefined;
  /** The fields the event selects, written over the cached object. */
  fragment: TypedDocumentNode<TNode, unknown>;
  /** The root connection fields listing this type: a deleted object leaves every cached variant of them. */
  connections: readonly string[];
  /** Lists a created or changed object (already written) where it belongs; without it lists keep their order. */
  place?: (cache: ApolloCache, node: TNode) => void;
  /**
   * A created or changed object this cache does not hold: handled here instead of written and placed
   * (a tweet by someone else waits in the "new tweets" bar rather than pushing the feed down).
   */
  notCached?: (node: TNode) => void;
  /** Told of every deletion newer than the cache, held or not (it may be waiting outside the cache). */
  onDeleted?: () => void;
  /** After a changed object is written: what the event alone cannot say (a tweet's `likedByMe`). */
  afterWrite?: (cacheId: string) => void;
}

/**
 * One change event into the cache. For one object its version is the truth: an event carrying a version
 * the cache already has, or an older one (this tab's own change, already applied from its mutation
 * result; a replay after a resume), changes nothing, so nothing shows twice. Otherwise a deleted object
 * leaves every list and the cache; a created or changed one is written and placed where it belongs.
 */
export function applyChangeEvent<TNode>(cache: ApolloCache, event: ChangeEvent, options: ChangeEventOptions<TNode>): void {
  const cached = cachedVersion(cache, options.typename, event.id);
  if (cached !== undefined && event.version <= cached) return;
  const node = options.node;
  if (event.kind === 'DELETED' || !node) {
    options.onDeleted?.();
    if (cached !== undefined) removeFromCache(cache, options.typename, event.id, options.connections);
    return;
  }
  if (cached === undefined && options.notCached) {
    options.notCached(node);
    return;
  }
  const id = cacheIdOf(cache, options.typename, event.id);
  cache.writeFragment({ id, fragment: options.fragment, data: node });
  options.afterWrite?.(id);
  options.place?.(cache, node);
}
