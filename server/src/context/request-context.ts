import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { TokenService } from '../auth/tokens.js';
import type { Viewer, ViewerCache } from '../auth/viewer.js';
import type { EventRelay } from '../events/event-relay.js';
import type { AggregateName } from '../events/event-writer.js';

/** Process-wide services, built once at start. */
export interface AppServices {
  config: Config;
  orm: MikroORM;
  tokens: TokenService;
  /** Checked access tokens until they expire or their sign-in ends (`viewerFromToken`). */
  viewerCache: ViewerCache;
  relay: EventRelay;
  /** Every aggregate the modules list (their descriptors' `aggregates`). */
  aggregateNames: ReadonlySet<AggregateName>;
  log: Logger;
}

type BatchLoad<K, V> = (keys: readonly K[], em: EntityManager) => Promise<readonly (V | Error)[]>;

interface Scope {
  em: EntityManager;
  loaders: Map<string, DataLoader<unknown, unknown>>;
}

/**
 * The GraphQL context. The EntityManager and DataLoaders live in a scope that is created on first
 * use: one per HTTP request, and one per delivered event on a subscription (`renewScope`), so a
 * subscription that lives for hours never holds an identity map.
 */
export class RequestContext {
  private scope: Scope | undefined;

  constructor(
    readonly app: AppServices,
    public viewer: Viewer | null,
    readonly traceId: string,
    readonly ip: string,
  ) {}

  get em(): EntityManager {
    this.scope ??= { em: this.app.orm.em.fork(), loaders: new Map() };
    return this.scope.em;
  }

  /** A request-scoped DataLoader, created on first use under `name`. */
  loader<K, V>(name: string, batch: BatchLoad<K, V>): DataLoader<K, V> {
    const em = this.em;
    const loaders = this.scope!.loaders;
    let loader = loaders.get(name) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>((keys) => batch(keys, em), { cache: true });
      loaders.set(name, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  renewScope(): void {
    this.scope = undefined;
  }
}

/**
 * The request's DataLoaders, for services that prime them: the context itself, seen only as this,
 * since a loader is per-request by nature (its cache is the request's identity map).
 */
export type Loaders = Pick<RequestContext, 'loader'>;
