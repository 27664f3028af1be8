import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { buildSchema, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import config from '../../codegen.js';

const root = path.resolve(import.meta.dirname, '../..');
const TARGET = 'sdk/src/generated/';
const outputDir = path.join(root, TARGET);

describe('SDK codegen output (sdk/src/generated)', () => {
  it('is what codegen makes of schema.graphql and sdk/operations (no stale, missing or extra files)', async () => {
    const target = config.generates[TARGET];
    expect(target, `codegen.ts has a '${TARGET}' target`).toBeDefined();
    const outputs: { filename: string; content: string }[] = await generate({ ...config, generates: { [TARGET]: target! }, cwd: root, silent: true }, false);
    expect(outputs.map((output) => path.relative(root, path.resolve(root, output.filename))).sort()).toEqual([
      'sdk/src/generated/gql.ts',
      'sdk/src/generated/graphql.ts',
    ]);
    const stale = outputs
      .map((output) => path.resolve(root, output.filename))
      .filter((file, i) => !existsSync(file) || readFileSync(file, 'utf8') !== outputs[i]!.content)
      .map((file) => path.relative(root, file));
    const expected = new Set(outputs.map((output) => path.resolve(root, output.filename)));
    const extra = readdirSync(outputDir)
      .map((name) => path.join(outputDir, name))
      .filter((file) => !expected.has(file))
      .map((file) => path.relative(root, file));
    expect({ stale, extra }, 'sdk/src/generated is stale: run `npm run codegen`').toEqual({ stale: [], extra: [] });
  });

  it('covers every root field of schema.graphql with an operation in sdk/operations', () => {
    const schema = buildSchema(readFileSync(path.join(root, 'schema.graphql'), 'utf8'));
    const rootFields = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
      Object.keys(type!.getFields()).map((field) => `${type!.name}.${field}`),
    );
    const used = new Set<string>();
    for (const file of readdirSync(path.join(root, 'sdk/operations'))) {
      for (const definition of parse(readFileSync(path.join(root, 'sdk/operations', file), 'utf8')).definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const type = schema.getRootType(definition.operation)!.name;
        for (const selection of definition.selectionSet.selections) if (selection.kind === Kind.FIELD) used.add(`${type}.${selection.name.value}`);
      }
    }
    expect(rootFields.filter((field) => !used.has(field))).toEqual([]);
  });
});
