import { type DocumentNode, type GraphQLError, visit } from 'graphql';
import { apiError } from '../shared/errors.js';

// C0 controls and DEL, except tab, newline and carriage return, which multi-line text may hold.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string may not reach the database, or null: PostgreSQL cannot store NUL, nor jsonb a lone surrogate. */
export function stringProblem(value: string): string | null {
  if (CONTROL_CHARACTER.test(value)) return 'must not contain control characters';
  if (UNPAIRED_SURROGATE.test(value)) return 'must not contain unpaired surrogates';
  return null;
}

/** Problems are named like the resolvers' own (`fields.body`): by the innermost input field, else the variable. */
function collect(value: unknown, name: string, problems: Record<string, string>): void {
  if (typeof value === 'string') {
    const problem = stringProblem(value);
    if (problem) problems[name] ??= problem;
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, name, problems);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) collect(item, key, problems);
  }
}

// Apollo reuses one parsed document for every request that sends the same text: scan its literals once.
const literalProblemsByDocument = new WeakMap<DocumentNode, Readonly<Record<string, string>>>();

function literalProblems(document: DocumentNode): Readonly<Record<string, string>> {
  const cached = literalProblemsByDocument.get(document);
  if (cached) return cached;
  const found: Record<string, string> = {};
  let argument = 'query';
  visit(document, {
    Argument: {
      enter(node) {
        argument = node.name.value;
      },
    },
    StringValue(node) {
      const problem = stringProblem(node.value);
      if (problem) found[argument] ??= problem;
    },
  });
  literalProblemsByDocument.set(document, found);
  return found;
}

/**
 * The one gate every operation's strings pass, on HTTP and websocket alike, before any resolver:
 * variables and string literals in the document, reported under the input field's or argument's
 * name. Returns a BAD_USER_INPUT error, or null when all is well.
 */
export function checkInputStrings(document: DocumentNode, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
  const problems: Record<string, string> = {};
  for (const [name, value] of Object.entries(variables ?? {})) collect(value, name, problems);
  for (const [name, problem] of Object.entries(literalProblems(document))) problems[name] ??= problem;
  if (!Object.keys(problems).length) return null;
  // Apollo takes the HTTP status from `http` and removes it from the response (GraphQL over HTTP: 400).
  return apiError('BAD_USER_INPUT', `Invalid text in ${Object.keys(problems).join(', ')}: control characters and unpaired surrogates are not accepted`, {
    fields: problems,
    http: { status: 400 },
  });
}
