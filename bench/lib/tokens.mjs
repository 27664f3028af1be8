// Access tokens for the seeded users, minted by the server's own TokenService
// (server/src/auth/tokens.ts, loaded through the swc hook the runner uses for its servers), so a
// change to the token format reaches the benchmark too.
import { createHash } from 'node:crypto';

/** The seed's ids: md5 of a counter (bench/servers/prepare-db.ts), formatted as a uuid. */
export function md5uuid(text) {
  const hex = createHash('md5').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const TTL_SECONDS = 12 * 3600;

/** Tokens of users 1..count (`user<i>`, session `family<i>`), valid for 12 hours. */
export async function accessTokens(secret, count) {
  await import('@swc-node/register/esm-register');
  const { TokenService } = await import('../../server/src/auth/tokens.ts');
  const service = new TokenService(new TextEncoder().encode(secret), TTL_SECONDS, TTL_SECONDS);
  const tokens = [];
  for (let i = 1; i <= count; i++) tokens.push((await service.issueAccessToken(md5uuid(`user${i}`), md5uuid(`family${i}`))).token);
  return tokens;
}
