import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

describe('SDK types', () => {
  it('type-check a consumer: variables and results are typed, wrong ones are errors (tsc -p tests/sdk/tsconfig.json)', { timeout: 120_000 }, async () => {
    const tsc = path.join(root, 'node_modules/.bin/tsc');
    const result = await promisify(execFile)(tsc, ['-p', 'tests/sdk/tsconfig.json', '--noEmit', '--pretty', 'false'], { cwd: root }).then(
      () => ({ ok: true, output: '' }),
      (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );
    expect(result.output).toBe('');
    expect(result.ok).toBe(true);
  });
});
