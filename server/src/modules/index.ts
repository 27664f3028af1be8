import type { ChorusModule } from '../context/chorus-module.js';
import { avatarsModule } from './avatars/index.js';
import { metaModule } from './meta/index.js';
import { promptsModule } from './prompts/index.js';
import { storiesModule } from './stories/index.js';
import { tasksModule } from './tasks/index.js';
import { tweetsModule } from './tweets/index.js';
import { usersModule } from './users/index.js';

/** Every feature of Chorus. A new feature is a folder under modules/ and a line here. */
export const MODULES: readonly ChorusModule[] = [metaModule, usersModule, avatarsModule, tasksModule, tweetsModule, promptsModule, storiesModule];
