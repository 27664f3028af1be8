import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const root = path.resolve(import.meta.dirname, '../..');
const outputDir = path.join(root, 'client/src/gql');

describe('GraphQL Code Generator output (client/src/gql)', () => {
  it('is what codegen makes of the committed schema.graphql and the client operations', async () => {
    // Only the web client's target (codegen.ts also generates the Node SDK, checked by its own test).
    const target = 'client/src/gql/';
    const outputs: { filename: string; content: string }[] = await generate(
      { ...config, generates: { [target]: config.generates[target]! }, cwd: root, silent: true },
      false,
    );
    expect(outputs.length).toBeGreaterThan(0);
    const stale: string[] = [];
    for (const output of outputs) {
      const file = path.resolve(root, output.filename);
      if (!existsSync(file) || readFileSync(file, 'utf8') !== output.content) stale.push(path.relative(root, file));
    }
    const expected = new Set(outputs.map((output) => path.resolve(root, output.filename)));
    const extra = readdirSync(outputDir)
      .map((name) => path.join(outputDir, name))
      .filter((file) => !expected.has(file))
      .map((file) => path.relative(root, file));
    expect({ stale, extra }, 'client/src/gql is stale: run `npm run codegen` (after `npm run schema:emit` for server changes)').toEqual({
      stale: [],
      extra: [],
    });
  });
});
