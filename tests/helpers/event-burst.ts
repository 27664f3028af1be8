import type { TestServer } from './chorus.js';

/**
 * A burst of events for one aggregate, written in one transaction by copying a real event row
 * (`eventId`) with the aggregate's versions continued: what a busy account produces, without
 * thousands of round trips. For the slow-consumer tests.
 */
export function eventBurst(server: TestServer, eventId: string) {
  const newestVersion = async (): Promise<number> => {
    const rows = await server.sql(
      `select max(aggregate_version)::int as v from domain_event where aggregate_id = (select aggregate_id from domain_event where id = $1)`,
      [eventId],
    );
    return rows[0].v;
  };
  return {
    newestVersion,
    async burst(count: number): Promise<void> {
      const newest = await newestVersion();
      await server.sql(
        `insert into domain_event (type, aggregate_type, aggregate_id, aggregate_version, kind, actor_id, owner_id, audience, payload)
         select type, aggregate_type, aggregate_id, $3::int + g, kind, actor_id, owner_id, audience,
                payload || jsonb_build_object('version', $3::int + g)
         from domain_event, generate_series(1, $2::int) g where id = $1 order by g`,
        [eventId, count, newest],
      );
      // Written by hand, so nobody announced it: wake the relays as a writer's process would.
      await server.sql(`select pg_notify('chorus_events', '')`);
    },
  };
}
