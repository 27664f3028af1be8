import pg from 'pg';

/** MikroORM logs `[query] <sql> [took N ms, M results]`, possibly coloured: the SQL itself, with `$n` parameters. */
export function sqlOf(message: string): string {
  return message
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
    const { rows } = await client.query(`explain (generic_plan) ${statement}`);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  } finally {
    await client.end();
  }
}
