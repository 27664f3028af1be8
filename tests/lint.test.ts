// `npm test` (what CI runs) fails on a lint error through this file: docs/decisions/032-linting.md.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { ESLint } from 'eslint';
import { afterAll, describe, expect, test } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** One line per message, `file:line rule message`, so a failure reads like the CLI's output. */
function messagesOf(results: ESLint.LintResult[]): string[] {
  return results.flatMap((result) =>
    result.messages.map((message) => `${path.relative(root, result.filePath)}:${message.line} ${message.ruleId ?? ''} ${message.message}`));
}

function rulesOf(results: ESLint.LintResult[]): (string | null)[] {
  return results.flatMap((result) => result.messages.map((message) => message.ruleId));
}

// `npm run validate` has just run ESLint over the project itself: no need to do it twice.
test.skipIf(process.env.npm_lifecycle_event === 'validate')('the project passes ESLint', { timeout: 300_000 }, async () => {
  const results = await eslint.lintFiles(['.']);
  expect(messagesOf(results)).toEqual([]);
});

describe('the import rules fire', () => {
  test('a module importing another module\'s internals', async () => {
    const results = await eslint.lintText("import { updateProfile } from '../users/user.service.js';\nexport const update = updateProfile;\n", {
      filePath: path.join(root, 'server/src/modules/x/x.service.ts'),
    });
    expect(rulesOf(results)).toEqual(['import-x/no-restricted-paths']);
  });

  test('a module using another through its api.ts and its entities', async () => {
    const results = await eslint.lintText(
      "import { loadUser } from '../users/api.js';\nimport { User } from '../users/user.entity.js';\nexport const used = [loadUser, User];\n",
      { filePath: path.join(root, 'server/src/modules/x/x.service.ts') },
    );
    expect(rulesOf(results)).toEqual([]);
  });

  test('a module importing app/', async () => {
    const results = await eslint.lintText("import { createChorus } from '../../app/chorus.js';\nexport const create = createChorus;\n", {
      filePath: path.join(root, 'server/src/modules/x/x.service.ts'),
    });
    expect(rulesOf(results)).toEqual(['import-x/no-restricted-paths']);
  });

  test('main.ts may import app/', async () => {
    const results = await eslint.lintText("import { createChorus } from './app/chorus.js';\nexport const create = createChorus;\n", {
      filePath: path.join(root, 'server/src/main.ts'),
    });
    expect(rulesOf(results)).toEqual([]);
  });

  describe('an import cycle', () => {
    const dir = path.join(root, `server/src/.lint-cycle-${process.pid}`);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test('is reported on both files', async () => {
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = (): unknown => b;\n");
      writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a.js';\nexport const b = (): unknown => a;\n");
      const results = await eslint.lintFiles([dir]);
      expect(rulesOf(results)).toEqual(['import-x/no-cycle', 'import-x/no-cycle']);
    });
  });
});
