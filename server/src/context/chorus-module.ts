import type { EntityClass } from '@mikro-orm/core';
import type { IncomingMessage } from 'node:http';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequestHandler } from 'express';
import type { Aggregate } from '../events/aggregate.js';
import type { AppServices } from './request-context.js';

/** A subscription root field fed by the event relay: shared execution groups its subscribers. */
export interface LiveField {
  /** The `Subscription` field, e.g. `tweetEvents`. */
  field: string;
  /** Whether subscribers with different viewers may share one execution (when every field selected allows it). */
  public?: boolean;
}

/** Work a module keeps running for the life of the process (e.g. the story runner). */
export interface Running {
  stop(): Promise<void>;
}

/**
 * What a feature module gives the composition root (`app/`): adding a feature is its folder plus a
 * line in `modules/index.ts`. Other modules use a module through its `api.ts` (and its entities).
 */
export interface ChorusModule {
  name: string;
  entities: readonly EntityClass<object>[];
  // type-graphql takes resolver classes as plain functions.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  resolvers: readonly Function[];
  /**
   * The aggregates whose events the module records (`defineAggregate`): `AggregateName` and the
   * `events` query's known names come from here. Declare such a module `satisfies ChorusModule`,
   * so the names stay literal (modules/index.ts).
   */
  aggregates?: readonly Aggregate[];
  liveFields?: readonly LiveField[];
  /** `Type.field`s whose value is the same for every viewer (shared execution may share them across viewers). */
  viewerIndependentFields?: readonly string[];
  /** HTTP routes beside GraphQL (e.g. uploads), mounted after `/graphql`. */
  httpRoutes?(app: AppServices, clientIp: (req: IncomingMessage) => string): RequestHandler;
  /** Started after the event relay, stopped before it. */
  start?(app: AppServices): Promise<Running>;
  /** Demo data (`npm run db:seed`) for the given users; returns what it added, for the log line. */
  seed?(em: EntityManager, users: readonly { id: string }[]): Promise<{ label: string; added: number }>;
}
