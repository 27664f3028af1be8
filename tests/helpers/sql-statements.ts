import pg from 'pg';

/** MikroORM logs `[query] <sql> [took N ms, M results]`, possibly coloured: the SQL itself, with `$n` parameters. */
export function sqlOf(message: string): string {
  return message
    // eslint-disable-next-line no-control-regex -- strips ANSI colour escapes
    .replace(/\x1b\[[0-9;]*m/g, '')
    .replace(/^\[query\]\s*/, '')
    .replace(/\s*\[took [^\]]*\]\s*$/, '');
}

/**
 * Collects the SQL statements the server issues while `during` runs: pass `onQuery` to
 * `startTestServer({ start: { onQuery } })`.
 */
export function statementRecorder() {
  let recording: string[] | null = null;
  return {
    onQuery(message: string): void {
      recording?.push(sqlOf(message));
    },
    async during<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      const statements: string[] = [];
      recording = statements;
      try {
        return { result: await work(), statements };
      } finally {
        recording = null;
      }
    },
  };
}

/**
 * The plan PostgreSQL picks for a statement the API really sent (a generic plan, whatever its
 * parameters), with sequential scans ruled out: an index that cannot serve it does not appear.
 */
export async function planOf(databaseUrl: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('set enable_seqscan = off');
    const { rows: version } = await client.query<{ server_version_num: string }>('show server_version_num');
    if (Number(version[0]!.server_version_num) >= 160000) {
      const { rows } = await client.query(`explain (generic_plan) ${statement}`);
      return rows.map((row) => row['QUERY PLAN']).join('\n');
    }
    // Before PostgreSQL 16 (e.g. TEST_DATABASE_URL on 15): a prepared statement forced to its generic plan.
    const parameters = Math.max(0, ...[...statement.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));
    await client.query('set plan_cache_mode = force_generic_plan');
    await client.query(`prepare planned as ${statement}`);
    const nulls = Array.from({ length: parameters }, () => 'null').join(', ');
    const { rows } = await client.query(`explain execute planned${parameters ? `(${nulls})` : ''}`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
