/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { registerUser, startTestServer, type TestServer, type TestUser } from '../helpers/chorus.js';
import { BrowserProblems, CHROMIUM, CHROMIUM_ARGS, CLIENT_DIST, ensureClientBuilt, field, screenshot, signedInContext, unlabelledInputs } from './support.js';

const hasChromium = existsSync(CHROMIUM);
const POLL = { interval: 100, timeout: 10_000 };

/** A wide photo: left half red, right half blue. The crop the member makes decides which shows. */
function widePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 600, height: 300, channels: 3, background: '#e03131' } })
    .composite([{ input: { create: { width: 300, height: 300, channels: 3, background: '#1971c2' } }, left: 300, top: 0 }])
    .jpeg()
    .toBuffer();
}

/** The image an <img> shows, once it has loaded: its natural size and the average colour of its pixels. */
async function shownImage(image: Locator) {
  await expect.poll(() => image.evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0), POLL).toBe(true);
  return image.evaluate((element: HTMLImageElement) => {
    const canvas = document.createElement('canvas');
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    const context = canvas.getContext('2d')!;
    context.drawImage(element, 0, 0);
    const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
    const mean = [0, 0, 0];
    for (let at = 0; at < data.length; at += 4) for (let channel = 0; channel < 3; channel++) mean[channel]! += data[at + channel]!;
    const pixels = data.length / 4;
    return { width: element.naturalWidth, height: element.naturalHeight, red: mean[0]! / pixels, blue: mean[2]! / pixels, src: element.getAttribute('src') };
  });
}

describe.skipIf(!hasChromium)('avatars and phone in the web client', { timeout: 90_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let problems: BrowserProblems;

  beforeAll(async () => {
    await ensureClientBuilt();
    server = await startTestServer({ env: { CLIENT_DIR: CLIENT_DIST } });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  }, 240_000);

  afterAll(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    await browser?.close();
    await server?.close();
  });

  const origin = () => server.url.replace(/\/graphql$/, '');

  async function as(user: TestUser, path: string, viewport = { width: 1200, height: 850 }): Promise<Page> {
    const context = await signedInContext(browser, user.refreshToken);
    contexts.push(context);
    const page = problems.watch(await context.newPage());
    await page.setViewportSize(viewport);
    await page.goto(origin() + path);
    return page;
  }

  function startTest() {
    problems = new BrowserProblems();
    onTestFailed(async ({ task }) => {
      const pages = contexts.flatMap((context) => context.pages());
      await Promise.all(pages.map((page, index) => screenshot(page, `failed-${task.name.slice(0, 30).replace(/\W+/g, '-')}-${index}`).catch(() => undefined)));
      console.warn(`tests/e2e: browser problems so far: ${JSON.stringify(problems.messages)}`);
    });
  }

  it('uploads and crops a picture; it shows at once in another tab and on the tweet in a second member’s open feed', async () => {
    startTest();
    const ann = await registerUser(server, `ann_pic_${Date.now() % 1_000_000}`);
    const ben = await registerUser(server, `ben_pic_${Date.now() % 1_000_000}`);
    const body = `Ann has a face now ${Date.now()}`;
    await server.graphql(`mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`, { body }, ann.accessToken);

    // Ben's feed, open before the upload: Ann's picture on her tweet changes there without a reload.
    const feed = await as(ben, '/tweets');
    const tweet = feed.getByTestId('tweet').filter({ hasText: body });
    await tweet.waitFor();
    await feed.getByTestId('live-status').waitFor();

    const profile = await as(ann, '/profile');
    // Ann's second tab, open before the upload: her header picture changes there without a reload.
    const otherTab = problems.watch(await profile.context().newPage());
    await otherTab.goto(`${origin()}/tweets`);
    await otherTab.getByTestId('signed-in-as').waitFor();
    await otherTab.getByTestId('live-status').waitFor();

    await profile.getByTestId('avatar-drop-zone').waitFor();
    expect(await unlabelledInputs(profile)).toEqual([]);
    // A file that is not an image is refused before anything is sent.
    await profile.getByLabel('Profile picture file').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
    await profile.getByRole('alert').filter({ hasText: 'Choose a JPEG, PNG, WebP or GIF image.' }).waitFor();

    await profile.getByLabel('Profile picture file').setInputFiles({ name: 'holiday.jpg', mimeType: 'image/jpeg', buffer: await widePhoto() });
    const dialog = profile.getByRole('dialog', { name: 'Crop your picture' });
    await dialog.waitFor();
    await dialog.getByTestId('avatar-cropper').locator('img').waitFor();
    // Drag the picture left, so the crop square takes the blue right half.
    const box = (await dialog.getByTestId('avatar-cropper').boundingBox())!;
    const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await profile.mouse.move(centre.x, centre.y);
    await profile.mouse.down();
    await profile.mouse.move(centre.x - box.width, centre.y, { steps: 10 });
    await profile.mouse.up();
    await profile.waitForTimeout(300);
    await screenshot(profile, 'avatar-crop');
    await dialog.getByRole('button', { name: 'Use this picture' }).click();
    await profile.getByText('Profile picture updated.').waitFor();
    await dialog.waitFor({ state: 'hidden' });

    const onProfile = await shownImage(profile.getByRole('img', { name: 'Your profile picture' }));
    expect(onProfile.src).toMatch(/^\/avatars\/[A-Za-z0-9_-]{43}\.webp$/);
    expect(onProfile).toMatchObject({ width: 256, height: 256 });
    expect(onProfile.blue).toBeGreaterThan(150);
    expect(onProfile.red).toBeLessThan(80);
    await screenshot(profile, 'avatar-profile');

    // The other tab learnt of it through Ann's UserProfileUpdated event.
    const headerImage = otherTab.getByRole('banner').locator('img');
    await expect.poll(async () => (await headerImage.count()) && headerImage.getAttribute('src'), POLL).toBe(onProfile.src);

    // Ben's open feed learnt of it through Ann's public profile event.
    await expect.poll(async () => (await tweet.locator('img').count()) && tweet.locator('img').first().getAttribute('src'), POLL).toBe(onProfile.src);
    const onTweet = await shownImage(tweet.locator('img').first());
    expect(onTweet.src).toBe(onProfile.src);
    expect(onTweet.blue).toBeGreaterThan(150);
    await screenshot(feed, 'avatar-feed');

    // A refresh token is single-use: the phone-sized view is another member's.
    const dan = await registerUser(server, `dan_pic_${Date.now() % 1_000_000}`);
    const phone = await as(dan, '/tweets', { width: 390, height: 844 });
    await phone.getByTestId('tweet').filter({ hasText: body }).locator('img').first().waitFor();
    await screenshot(phone, 'avatar-feed-phone');
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.messages).toEqual([]);
  });

  it('keeps a phone number chosen with its country, shown back in national form', async () => {
    startTest();
    const cat = await registerUser(server, `cat_tel_${Date.now() % 1_000_000}`);
    const page = await as(cat, '/profile', { width: 390, height: 844 });
    await field(page, 'Phone').waitFor();
    await field(page, 'Country').click();
    await field(page, 'Country').fill('United Kingdom');
    await page.getByRole('option', { name: 'United Kingdom (+44)' }).click();
    await field(page, 'Phone').fill('020 7946');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('must be a valid phone number').first().waitFor();
    await field(page, 'Phone').fill('020 7946 0958');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').waitFor();
    const stored = await server.sql(`select phone from users where id = $1`, [cat.id]);
    expect(stored[0].phone).toBe('+442079460958');
    await page.reload();
    await expect.poll(() => field(page, 'Phone').inputValue(), POLL).toBe('020 7946 0958');
    expect(await field(page, 'Country').inputValue()).toBe('United Kingdom (+44)');
    await page.getByLabel('Profile picture file').setInputFiles({ name: 'tall.png', mimeType: 'image/png', buffer: await sharp({ create: { width: 200, height: 500, channels: 3, background: '#2f9e44' } }).png().toBuffer() });
    const dialog = page.getByRole('dialog', { name: 'Crop your picture' });
    await dialog.getByTestId('avatar-cropper').locator('img').waitFor();
    // The modal fades in and out: the screenshots wait for it (they are looked at, not asserted on).
    await page.waitForTimeout(500);
    await screenshot(page, 'avatar-crop-phone');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(500);
    await screenshot(page, 'profile-phone');
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    expect(problems.messages).toEqual([]);
  });
});
