import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261128191552 as m0 } from './Migration20261128191552.js';

/** Every migration, oldest first. `npm run migration:create` rewrites this list. */
export const migrationsList: { name: string; class: Constructor<Migration> }[] = [
  { name: 'Migration20261128191552', class: m0 },
];
