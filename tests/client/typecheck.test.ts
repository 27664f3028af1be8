import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('web client types', () => {
  // The client as the browser sees it, then these tests (client settings plus Node's types). One after
  // the other: the machines are shared.
  it('type-check (tsc -p tsconfig.client.json and tests/client/tsconfig.json)', { timeout: 180_000 }, async () => {
    const tsc = path.join(root, 'node_modules/typescript/bin/tsc');
    const run = (project: string) =>
      promisify(execFile)(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty', 'false'], { cwd: root });
    const result = await run('tsconfig.client.json')
      .then(() => run('tests/client/tsconfig.json'))
      .then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
