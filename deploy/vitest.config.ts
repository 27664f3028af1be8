import { defineConfig } from 'vitest/config';
import base from '../vitest.config.js';

/**
 * Checks of the deployment kit that need tools `npm test` cannot count on (nginx, openssl):
 *   apt-get install -y nginx && npx vitest run --config deploy/vitest.config.ts
 */
export default defineConfig({ ...base, test: { ...base.test, include: ['deploy/**/*.check.ts'] } });
