import type { ChorusModule } from '../../context/chorus-module.js';
import { MetaResolver } from './meta.resolver.js';

/** `apiInfo`: what this server is. */
export const metaModule: ChorusModule = { name: 'meta', entities: [], resolvers: [MetaResolver] };
