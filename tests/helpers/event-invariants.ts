import type { TestServer } from './chorus.js';

/** Each aggregate type and the table its objects live in. */
const AGGREGATES = [
  { type: 'User', table: 'users' },
  { type: 'Task', table: 'task' },
  { type: 'Tweet', table: 'tweet' },
  { type: 'Prompt', table: 'prompt' },
  { type: 'Story', table: 'story' },
] as const;

/** The last event of every object that ever had one, in the log's order (transaction id, row id). */
const LATEST = `latest as (
  select distinct on (aggregate_type, aggregate_id) aggregate_type, aggregate_id, aggregate_version, kind, type
  from domain_event
  order by aggregate_type, aggregate_id, xact_id desc, id desc)`;

export interface EventLogBreak {
  aggregateType: string;
  id: string;
  problem: string;
}

/**
 * What breaks "every committed change has its event" in the database as it stands: a row whose
 * version is not its last event's version (or whose last event says it was deleted, or that has
 * none), and a vanished object whose last event is not DELETED. Empty when the log is whole.
 */
export async function eventLogBreaks(server: TestServer): Promise<EventLogBreak[]> {
  const breaks: EventLogBreak[] = [];
  for (const { type, table } of AGGREGATES) {
    const rows = await server.sql<{ id: string; version: number; event_version: number | null; kind: string | null }>(
      `with ${LATEST}
       select o.id::text as id, o.version, l.aggregate_version as event_version, l.kind
       from ${table} o left join latest l on l.aggregate_type = $1 and l.aggregate_id = o.id::text
       where l.aggregate_version is distinct from o.version or l.kind = 'DELETED'`,
      [type],
    );
    for (const row of rows) {
      const problem = row.kind === null ? 'has no event' : `has version ${row.version}, its last event (${row.kind}) ${row.event_version}`;
      breaks.push({ aggregateType: type, id: row.id, problem });
    }
    const vanished = await server.sql<{ id: string; type: string }>(
      `with ${LATEST}
       select l.aggregate_id as id, l.type from latest l
       where l.aggregate_type = $1 and l.kind <> 'DELETED'
         and not exists (select 1 from ${table} o where o.id::text = l.aggregate_id)`,
      [type],
    );
    for (const row of vanished) breaks.push({ aggregateType: type, id: row.id, problem: `is gone, but its last event is ${row.type}` });
  }
  return breaks;
}
