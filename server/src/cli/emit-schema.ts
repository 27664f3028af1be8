import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { chorusSchema, printSortedSchema } from '../app/schema.js';

/** Writes the schema the code defines to schema.graphql (sorted, so diffs stay small). */
const schema = await chorusSchema();
writeFileSync('schema.graphql', printSortedSchema(schema));
console.log('wrote schema.graphql');
