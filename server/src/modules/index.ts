import type { ChorusModule } from '../context/chorus-module.js';
import type { AggregateName } from '../events/event-writer.js';
import { avatarsModule } from './avatars/index.js';
import { metaModule } from './meta/index.js';
import { promptsModule } from './prompts/index.js';
import { storiesModule } from './stories/index.js';
import { tasksModule } from './tasks/index.js';
import { tweetsModule } from './tweets/index.js';
import { usersModule } from './users/index.js';

const modules = [metaModule, usersModule, avatarsModule, tasksModule, tweetsModule, promptsModule, storiesModule] as const;

/** Every feature of Chorus. A new feature is a folder under modules/ and a line here. */
export const MODULES: readonly ChorusModule[] = modules;

// A module that lists aggregates is declared `satisfies ChorusModule` (not `: ChorusModule`), so
// its aggregates keep their literal names here.
type AggregatesOf<Module> = Module extends { aggregates: readonly (infer Listed)[] } ? Listed : never;

/** The names of the aggregates the modules list: what `AggregateName` is (events/event-writer.ts). */
type ListedAggregateName = AggregatesOf<(typeof modules)[number]> extends { name: infer Name extends string } ? Name : never;

/** The aggregate names the modules list: the `events` query's `aggregateType` must be one of them. */
export const AGGREGATE_NAMES: ReadonlySet<AggregateName> = new Set(
  // The same list `AggregateName` is taken from, below.
  MODULES.flatMap((module) => module.aggregates ?? []).map((aggregate) => aggregate.name as AggregateName),
);

declare module '../events/event-writer.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface KnownAggregates extends Record<ListedAggregateName, true> {}
}
