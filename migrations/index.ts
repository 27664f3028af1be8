import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';
import { Migration20261128191552 as m0 } from './Migration20261128191552.js';
import { Migration20261128192156_RateLimit as m1 } from './Migration20261128192156_RateLimit.js';
import { Migration20261128192440_TasksTweets as m2 } from './Migration20261128192440_TasksTweets.js';
import { Migration20261128192749_Stories as m3 } from './Migration20261128192749_Stories.js';
import { Migration20261204055357_Profiles as m4 } from './Migration20261204055357_Profiles.js';
import { Migration20261204055852_WidenTextColumns as m5 } from './Migration20261204055852_WidenTextColumns.js';
import { Migration20261204080536_ClientMutations as m6 } from './Migration20261204080536_ClientMutations.js';
import { Migration20261205002628_RefreshExchangeRetry as m7 } from './Migration20261205002628_RefreshExchangeRetry.js';

/** Every migration, oldest first. `npm run migration:create` rewrites this list. */
export const migrationsList: { name: string; class: Constructor<Migration> }[] = [
  { name: 'Migration20261128191552', class: m0 },
  { name: 'Migration20261128192156_RateLimit', class: m1 },
  { name: 'Migration20261128192440_TasksTweets', class: m2 },
  { name: 'Migration20261128192749_Stories', class: m3 },
  { name: 'Migration20261204055357_Profiles', class: m4 },
  { name: 'Migration20261204055852_WidenTextColumns', class: m5 },
  { name: 'Migration20261204080536_ClientMutations', class: m6 },
  { name: 'Migration20261205002628_RefreshExchangeRetry', class: m7 },
];
