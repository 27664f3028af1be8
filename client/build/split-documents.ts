import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const VIRTUAL = 'virtual:chorus-document/';
const RESOLVED = '\0chorus-document:';

/** `export const XDocument = {…} as unknown as DocumentNode<…>;`: one line each in codegen's output. */
const DOCUMENT_EXPORT = /^export const (\w+) = (\{.*\}) as unknown as DocumentNode<.*>;$/gm;
/** `"<source>": types.XDocument,` in gql.ts's map from a document's source to its typed document. */
const MAP_ENTRY = /^\s*("(?:[^"\\]|\\.)*"): types\.(\w+),$/gm;
const GQL_IMPORT = /^import \{ graphql \} from '((?:\.\.?\/)+gql\/gql)';\n/m;
/** A plain template (no `${}`, no escapes), whose text is then the map's key as it is. */
const GRAPHQL_CALL = /\bgraphql\(`((?:[^`$\\]|\$(?!\{))*)`\)/g;

/**
 * Each GraphQL document in the chunk of the code that uses it, as codegen's client preset
 * recommends for production (its `graphql()` map holds every document, and Rollup cannot split a
 * module): at build time, a `graphql(`…`)` call becomes an import of its typed document, and
 * `gql/graphql.ts` re-exports every document from a module of its own. Types and the dev server are
 * unchanged. A call this cannot resolve stays a `graphql()` call (correct, only not split).
 */
export function splitDocuments(gqlDir: string): Plugin {
  const graphqlFile = path.join(gqlDir, 'graphql.ts');
  const gqlFile = path.join(gqlDir, 'gql.ts');
  let documents = new Map<string, string>();
  let sourceToExport = new Map<string, string>();
  return {
    name: 'chorus-split-documents',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      documents = new Map([...readFileSync(graphqlFile, 'utf8').matchAll(DOCUMENT_EXPORT)].map((match) => [match[1]!, match[2]!]));
      sourceToExport = new Map(
        [...readFileSync(gqlFile, 'utf8').matchAll(MAP_ENTRY)].map((match) => [JSON.parse(match[1]!) as string, match[2]!]),
      );
    },
    resolveId(id) {
      return id.startsWith(VIRTUAL) ? RESOLVED + id.slice(VIRTUAL.length) : null;
    },
    load(id) {
      if (id.startsWith(RESOLVED)) {
        const body = documents.get(id.slice(RESOLVED.length));
        return body === undefined ? null : `export default ${body};\n`;
      }
      if (path.resolve(id) === graphqlFile) {
        return readFileSync(graphqlFile, 'utf8').replace(DOCUMENT_EXPORT, (_line, name: string) => `export { default as ${name} } from '${VIRTUAL}${name}';`);
      }
      return null;
    },
    transform(code, id) {
      const importMatch = GQL_IMPORT.exec(code);
      if (!importMatch || id.startsWith(gqlDir)) return null;
      const used = new Set<string>();
      let next = code.replace(GRAPHQL_CALL, (call, source: string) => {
        const name = sourceToExport.get(source);
        if (!name) return call;
        used.add(name);
        return `__document_${name}`;
      });
      if (!used.size) return null;
      const graphqlModule = `${importMatch[1]!.slice(0, -'gql'.length)}graphql`;
      const imports = `import { ${[...used].map((name) => `${name} as __document_${name}`).join(', ')} } from '${graphqlModule}';\n`;
      // The map import goes when no call is left that needs it.
      next = /\bgraphql\(/.test(next.replace(GQL_IMPORT, '')) ? imports + next : imports + next.replace(GQL_IMPORT, '');
      return { code: next, map: null };
    },
  };
}
