import { crc32 } from 'node:zlib';
import { pino } from 'pino';
import sharp from 'sharp';
import { describe, expect } from 'vitest';
import { collect, registerUser } from '../helpers/chorus.js';
import { chorusTest } from '../helpers/fixtures.js';

let origin: string;
const logLines: string[] = [];

const logger = pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) });

const it = chorusTest({ env: { UPLOAD_RATE_LIMIT: '15' }, start: { logger } })
  .extend('avatarRows', { scope: 'file' }, ({ server }) => async function avatarRows(userId: string) {
    return server.sql<{ hash: string }>(`select hash from avatar_image where user_id = $1`, [userId]);
  });

it.beforeAll(async ({ server }) => {
  origin = new URL(server.url).origin;
});

const ME = `{ me { id avatarUrl version } }`;
const UPDATE_PROFILE = `mutation ($input: UpdateProfileInput!) { updateProfile(input: $input) { id avatarUrl phone version } }`;
const USER = `query ($id: ID!) { user(id: $id) { id email phone } }`;
const USER_EVENTS = `subscription { userEvents { type id user { avatarUrl } } }`;

/** A photo-like test image: a gradient, so that every size and format has real content. */
function picture(width: number, height: number) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      pixels[at] = (x * 255) / width;
      pixels[at + 1] = (y * 255) / height;
      pixels[at + 2] = 128;
    }
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } });
}

interface UploadOptions {
  token?: string | null;
  filename?: string;
  type?: string;
  field?: string;
  headers?: Record<string, string>;
}

async function upload(bytes: Buffer, options: UploadOptions = {}) {
  const form = new FormData();
  form.append(options.field ?? 'file', new Blob([new Uint8Array(bytes)], { type: options.type ?? 'image/png' }), options.filename ?? 'me.png');
  const token = options.token;
  const response = await fetch(`${origin}/uploads/avatar`, {
    method: 'POST',
    headers: { 'x-chorus-upload': '1', ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers },
    body: form,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

function expectRefused(result: Awaited<ReturnType<typeof upload>>, status: number, message: RegExp) {
  expect(result.status).toBe(status);
  expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(result.body.errors[0].extensions.fields.file).toMatch(message);
  expect(result.body.errors[0].message).toMatch(message);
}

describe('POST /uploads/avatar', () => {
  it.for([
    ['JPEG', 'jpeg', () => picture(640, 480).jpeg().toBuffer()],
    ['PNG', 'png', () => picture(300, 500).png().toBuffer()],
    ['WebP', 'webp', () => picture(400, 400).webp().toBuffer()],
    ['GIF', 'gif', () => picture(120, 90).gif().toBuffer()],
  ] as const)('accepts a %s image and serves it re-encoded as 256×256 and 64×64 WebP', async ([_name, format, make], { server }) => {
    const user = await registerUser(server);
    const bytes = await make();
    expect((await sharp(bytes).metadata()).format).toBe(format);
    const result = await upload(bytes, { token: user.accessToken, filename: `me.${format}`, type: `image/${format}` });
    expect(result.status).toBe(200);
    const { avatarUrl, version, id } = result.body.user;
    expect(id).toBe(user.id);
    expect(avatarUrl).toMatch(/^\/avatars\/[A-Za-z0-9_-]{43}\.webp$/);
    expect((await server.graphql(ME, {}, user.accessToken)).data!.me).toEqual({ id: user.id, avatarUrl, version });

    for (const [url, size] of [
      [avatarUrl, 256],
      [avatarUrl.replace('.webp', '-64.webp'), 64],
    ] as const) {
      const served = await fetch(`${origin}${url}`);
      expect(served.status).toBe(200);
      const image = Buffer.from(await served.arrayBuffer());
      const metadata = await sharp(image).metadata();
      expect(metadata).toMatchObject({ format: 'webp', width: size, height: size });
      expect(metadata.exif).toBeUndefined();
    }
  });

  it('keeps only the first frame of an animated GIF', async ({ server }) => {
    const user = await registerUser(server);
    const frames = await Promise.all(
      ['#ff0000', '#0000ff'].map((background) => sharp({ create: { width: 32, height: 32, channels: 3, background } }).raw().toBuffer()),
    );
    const gif = await sharp(Buffer.concat(frames), { raw: { width: 32, height: 64, channels: 3, pageHeight: 32 } } as never)
      .gif({ loop: 0, delay: [100, 100] })
      .toBuffer();
    expect((await sharp(gif).metadata()).pages).toBe(2);
    const result = await upload(gif, { token: user.accessToken, filename: 'anim.gif', type: 'image/gif' });
    expect(result.status).toBe(200);
    const served = Buffer.from(await (await fetch(`${origin}${result.body.user.avatarUrl}`)).arrayBuffer());
    const { dominant } = await sharp(served).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.b).toBeLessThan(60);
  });

  it('applies the EXIF orientation and drops the metadata', async ({ server }) => {
    const user = await registerUser(server);
    // Stored 200×100 (wide), tagged "rotate 90°": it shows tall. Left half red, right half blue.
    const stored = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
      .composite([{ input: { create: { width: 100, height: 100, channels: 3, background: '#0000ff' } }, left: 100, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: 'secret-location-marker' } } })
      .toBuffer();
    const result = await upload(stored, { token: user.accessToken, filename: 'photo.jpg', type: 'image/jpeg' });
    expect(result.status).toBe(200);
    const served = Buffer.from(await (await fetch(`${origin}${result.body.user.avatarUrl}`)).arrayBuffer());
    expect(served.includes(Buffer.from('secret-location-marker'))).toBe(false);
    expect((await sharp(served).metadata()).exif).toBeUndefined();
    // Rotated 90° clockwise, the red (left) half is on top.
    // stats() reads its input, not the pipeline's output: each strip is cut out first.
    const strip = async (top: number) => sharp(await sharp(served).extract({ left: 0, top, width: 256, height: 64 }).toBuffer()).stats();
    const [top, bottom] = [await strip(0), await strip(192)];
    expect(top.channels[0]!.mean).toBeGreaterThan(200);
    expect(top.channels[2]!.mean).toBeLessThan(60);
    expect(bottom.channels[2]!.mean).toBeGreaterThan(200);
    expect(bottom.channels[0]!.mean).toBeLessThan(60);
  });

  it('refuses a file that is not an image whatever its name and declared type, and changes nothing', async ({ server, avatarRows }) => {
    const user = await registerUser(server);
    for (const bytes of [
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj\n'),
      // Magic bytes of a PNG and nothing behind them.
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
      // A JPEG cut short: its header promises what the file does not hold.
      (await picture(300, 300).jpeg().toBuffer()).subarray(0, 400),
    ]) {
      const result = await upload(bytes, { token: user.accessToken, filename: 'avatar.png', type: 'image/png' });
      expectRefused(result, 400, /not a JPEG, PNG, WebP or GIF image/);
    }
    expect(await avatarRows(user.id)).toEqual([]);
    expect((await server.graphql(ME, {}, user.accessToken)).data!.me.avatarUrl).toBeNull();
  });

  it('refuses a file over 5 MB with 413', async ({ server, avatarRows }) => {
    const user = await registerUser(server);
    // A valid PNG padded past the limit, so only its size is wrong.
    const png = await picture(64, 64).png().toBuffer();
    const big = Buffer.concat([png, Buffer.alloc(5 * 1024 * 1024 + 1 - png.length, 7)]);
    expectRefused(await upload(big, { token: user.accessToken }), 413, /larger than 5 MB/);
    // A body that declares more than that is refused before it is read.
    const huge = Buffer.concat([png, Buffer.alloc(8 * 1024 * 1024, 7)]);
    expectRefused(await upload(huge, { token: user.accessToken }), 413, /larger than 5 MB/);
    expect(await avatarRows(user.id)).toEqual([]);
    // The member can upload again at once.
    expect((await upload(png, { token: user.accessToken })).status).toBe(200);
  });

  it('refuses a decompression bomb: a small PNG declaring 50000×50000 pixels', async ({ server, avatarRows }) => {
    const user = await registerUser(server);
    const png = Buffer.from(await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } }).png().toBuffer());
    png.writeUInt32BE(50_000, 16);
    png.writeUInt32BE(50_000, 20);
    png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
    expect(png.length).toBeLessThan(1000);
    expectRefused(await upload(png, { token: user.accessToken }), 400, /more than 40 megapixels/);
    expect(await avatarRows(user.id)).toEqual([]);
  });

  it('answers 401 without a token or with a bad one, and acts only on the token’s own member', async ({ server, avatarRows }) => {
    const png = await picture(64, 64).png().toBuffer();
    for (const token of [null, 'not-a-token']) {
      const result = await upload(png, { token });
      expect(result.status).toBe(401);
      expect(result.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const alice = await registerUser(server);
    const bob = await registerUser(server);
    // Naming another member anywhere in the request changes nothing: the token decides.
    const result = await upload(png, { token: alice.accessToken, field: 'file', headers: { 'x-user-id': bob.id } });
    expect(result.body.user.id).toBe(alice.id);
    expect(await avatarRows(alice.id)).toHaveLength(1);
    expect(await avatarRows(bob.id)).toEqual([]);
    expect((await server.graphql(ME, {}, bob.accessToken)).data!.me.avatarUrl).toBeNull();
  });

  it('logs one line per upload: who, the outcome and the time, never the file or its name', async ({ server }) => {
    const user = await registerUser(server);
    await upload(await picture(32, 32).png().toBuffer(), { token: user.accessToken, filename: 'secret-holiday-name.png' });
    await upload(Buffer.from('not an image'), { token: user.accessToken, filename: 'secret-holiday-name.png' });
    const lines = logLines.map((line) => JSON.parse(line)).filter((line) => line.msg === 'avatar upload' && line.userId === user.id);
    expect(lines.map((line) => line.status)).toEqual([200, 400]);
    for (const line of lines) {
      expect(line.traceId).toEqual(expect.any(String));
      expect(line.durationMs).toEqual(expect.any(Number));
    }
    expect(logLines.join('\n')).not.toContain('secret-holiday-name');
  });

  it('requires the x-chorus-upload header (a cross-site form cannot send it)', async ({ server, avatarRows }) => {
    const user = await registerUser(server);
    const result = await upload(await picture(64, 64).png().toBuffer(), { token: user.accessToken, headers: { 'x-chorus-upload': '' } });
    expect(result.status).toBe(400);
    expect(result.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await avatarRows(user.id)).toEqual([]);
  });

  it('limits uploads per member', async ({ server }) => {
    const user = await registerUser(server);
    const other = await registerUser(server);
    const png = await picture(16, 16).png().toBuffer();
    for (let i = 0; i < 15; i++) expect((await upload(png, { token: user.accessToken })).status).toBe(200);
    const refused = await upload(png, { token: user.accessToken });
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await upload(png, { token: other.accessToken })).status).toBe(200);
  });

  it('replaces the old image, removes it on account deletion, and tells subscribers each time', async ({ server, admin, avatarRows }) => {
    const user = await registerUser(server);
    const adminStream = collect(server.ws(admin.accessToken), USER_EVENTS);
    const first = await upload(await picture(100, 100).png().toBuffer(), { token: user.accessToken });
    // Primed: the stream may have started after the first upload's event.
    await adminStream.waitFor(async () => {
      if (adminStream.received.some((r) => r.data?.userEvents.user?.avatarUrl === first.body.user.avatarUrl)) return true;
      await server.graphql(UPDATE_PROFILE, { input: { bio: `primed ${Date.now()}` } }, user.accessToken);
      return false;
    });
    const [firstRow] = await avatarRows(user.id);

    const second = await upload(await picture(100, 100).rotate(90).png().toBuffer(), { token: user.accessToken });
    expect(second.body.user.avatarUrl).not.toBe(first.body.user.avatarUrl);
    const rows = await avatarRows(user.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.hash).not.toBe(firstRow!.hash);
    expect((await fetch(`${origin}${first.body.user.avatarUrl}`)).status).toBe(404);
    expect((await fetch(`${origin}${second.body.user.avatarUrl}`)).status).toBe(200);
    await adminStream.waitFor(() =>
      adminStream.received.some(
        (r) => r.data?.userEvents.type === 'UserProfileUpdated' && r.data.userEvents.user?.avatarUrl === second.body.user.avatarUrl,
      ),
    );

    const deleted = await server.graphql(`mutation ($input: DeleteAccountInput!) { deleteAccount(input: $input) }`, {
      input: { password: user.password },
    }, user.accessToken);
    expect(deleted.errors).toBeUndefined();
    expect(await avatarRows(user.id)).toEqual([]);
    expect((await fetch(`${origin}${second.body.user.avatarUrl}`)).status).toBe(404);
    await adminStream.waitFor(() => adminStream.received.some((r) => r.data?.userEvents.type === 'UserDeleted' && r.data.userEvents.id === user.id));
  });

  it('reaches every other member through profileEvents, without their email or phone, and not through their userEvents', async ({ server }) => {
    const member = await registerUser(server);
    const other = await registerUser(server);
    const otherSocket = server.ws(other.accessToken);
    const profiles = collect(otherSocket, `subscription { profileEvents { type id user { id avatarUrl email phone } } }`);
    const own = collect(otherSocket, USER_EVENTS);
    let uploaded: string | undefined;
    await profiles.waitFor(async () => {
      if (uploaded && profiles.received.some((r) => r.data?.profileEvents.user?.avatarUrl === uploaded)) return true;
      uploaded = (await upload(await picture(64, 64).png().toBuffer(), { token: member.accessToken })).body.user.avatarUrl;
      return false;
    });
    const event = profiles.received.find((r) => r.data?.profileEvents.user?.avatarUrl === uploaded)!.data!.profileEvents;
    expect(event).toMatchObject({ type: 'UserProfileUpdated', id: member.id, user: { email: null, phone: null } });
    // Their own stream stays their own: a profile event of someone else never shows there.
    await server.graphql(UPDATE_PROFILE, { input: { bio: 'own change' } }, other.accessToken);
    await own.waitFor(() => own.received.some((r) => r.data?.userEvents.id === other.id));
    expect(own.received.every((r) => r.data?.userEvents.id === other.id)).toBe(true);
  });

  it('removes the uploaded image when the member switches to an https URL, and keeps it when the form sends it back unchanged', async ({ server, avatarRows }) => {
    const user = await registerUser(server);
    const other = await registerUser(server);
    const uploaded = await upload(await picture(50, 50).png().toBuffer(), { token: user.accessToken });
    const avatarUrl = uploaded.body.user.avatarUrl;
    const unchanged = await server.graphql(UPDATE_PROFILE, { input: { avatarUrl, bio: 'same picture' } }, user.accessToken);
    expect(unchanged.errors).toBeUndefined();
    expect(await avatarRows(user.id)).toHaveLength(1);
    // Another member's uploaded image is not theirs to point at.
    const borrowed = await server.graphql(UPDATE_PROFILE, { input: { avatarUrl } }, other.accessToken);
    expect(borrowed.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(borrowed.errors![0]!.extensions!.fields).toHaveProperty('avatarUrl');

    const external = await server.graphql(UPDATE_PROFILE, { input: { avatarUrl: 'https://example.com/me.png' } }, user.accessToken);
    expect(external.data!.updateProfile.avatarUrl).toBe('https://example.com/me.png');
    expect(await avatarRows(user.id)).toEqual([]);
  });

  it('serves images with an immutable cache and the usual security headers', async ({ server }) => {
    const user = await registerUser(server);
    const uploaded = await upload(await picture(80, 80).png().toBuffer(), { token: user.accessToken });
    const served = await fetch(`${origin}${uploaded.body.user.avatarUrl}`);
    expect(served.headers.get('content-type')).toBe('image/webp');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(served.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(served.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(served.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    const missing = await fetch(`${origin}/avatars/${'A'.repeat(43)}.webp`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control') ?? '').not.toContain('immutable');
  });
});

describe('phone', () => {
  it('normalises to E.164 and refuses what is not a number in international form', async ({ server }) => {
    const user = await registerUser(server);
    for (const [given, stored] of [
      ['+44 20 7946 0958', '+442079460958'],
      [' +1 (415) 555-2671 ', '+14155552671'],
      ['+49 30 901820', '+4930901820'],
    ]) {
      const result = await server.graphql(UPDATE_PROFILE, { input: { phone: given } }, user.accessToken);
      expect(result.errors).toBeUndefined();
      expect(result.data!.updateProfile.phone).toBe(stored);
    }
    for (const bad of ['020 7946 0958', '+44 20', '+1 555 0100 0000 0000', 'call me', '+999 1234567']) {
      const result = await server.graphql(UPDATE_PROFILE, { input: { phone: bad } }, user.accessToken);
      expect(result.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.fields).toHaveProperty('phone');
    }
    expect((await server.sql(`select phone from users where id = $1`, [user.id]))[0].phone).toBe('+4930901820');
    const removed = await server.graphql(UPDATE_PROFILE, { input: { phone: '' } }, user.accessToken);
    expect(removed.data!.updateProfile.phone).toBeNull();
  });

  it('is visible only to the member and admins, like email', async ({ server, admin }) => {
    const user = await registerUser(server);
    const other = await registerUser(server);
    await server.graphql(UPDATE_PROFILE, { input: { phone: '+44 20 7946 0958' } }, user.accessToken);
    const asSelf = await server.graphql(USER, { id: user.id }, user.accessToken);
    const asAdmin = await server.graphql(USER, { id: user.id }, admin.accessToken);
    const asOther = await server.graphql(USER, { id: user.id }, other.accessToken);
    expect(asSelf.data!.user.phone).toBe('+442079460958');
    expect(asAdmin.data!.user.phone).toBe('+442079460958');
    expect(asOther.data!.user).toEqual({ id: user.id, email: null, phone: null });
  });
});
