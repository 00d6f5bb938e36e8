// Lint Cypher with Neo4j's own front end (@neo4j-cypher/language-support), for chainkg's tests.
//
// stdin:  {"schema": {labels, relationshipTypes, propertyKeys, parameters},
//          "queries": [{"name", "text", "parameters"?}]}   (a query's own parameters replace the schema's)
// stdout: [{"name", "diagnostics": [{"severity", "message", "line", "column"}]}]
//
// Neo4j's built-in functions and procedures come from the package's own catalogue (Cypher 5),
// minus APOC: chainkg's Cypher must run on a plain Neo4j, so an APOC call is reported as unknown.
import { readFileSync } from 'node:fs';
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const withoutApoc = (scoped) =>
  Object.fromEntries(
    Object.entries(scoped).map(([version, registry]) => [
      version,
      Object.fromEntries(Object.entries(registry).filter(([name]) => !name.startsWith('apoc.'))),
    ]),
  );

const input = JSON.parse(readFileSync(0, 'utf8'));
const schema = {
  ...input.schema,
  functions: withoutApoc(testData.mockSchema.functions),
  procedures: withoutApoc(testData.mockSchema.procedures),
};
const out = input.queries.map(({ name, text, parameters }) => ({
  name,
  diagnostics: lintCypherQuery(text, parameters ? { ...schema, parameters } : schema).diagnostics.map((d) => ({
    severity: d.severity === 1 ? 'error' : d.severity === 2 ? 'warning' : String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  })),
}));
process.stdout.write(JSON.stringify(out) + '\n');
