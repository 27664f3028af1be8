/// <reference lib="dom" />
// Functions passed to page.evaluate run in the browser: DOM types.
import sharp from 'sharp';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { registerUser } from '../helpers/chorus.js';
import { browserSuite, DESKTOP, field, hasChromium, PHONE, screenshot, unlabelledInputs } from './support.js';

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
  const suite = browserSuite();

  it('uploads and crops a picture; it shows at once in another tab and on the tweet in a second member’s open feed', async () => {
    suite.start();
    const ann = await registerUser(suite.server, `ann_pic_${Date.now() % 1_000_000}`);
    const ben = await registerUser(suite.server, `ben_pic_${Date.now() % 1_000_000}`);
    const body = `Ann has a face now ${Date.now()}`;
    await suite.server.graphql(`mutation ($body: String!) { postTweet(input: { body: $body }) { id } }`, { body }, ann.accessToken);

    // Ben's feed, open before the upload: Ann's picture on her tweet changes there without a reload.
    const feed = await suite.page(ben, DESKTOP, '/tweets');
    const tweet = feed.getByTestId('tweet').filter({ hasText: body });
    await tweet.waitFor();
    await feed.getByTestId('live-status').waitFor();

    const profile = await suite.page(ann, DESKTOP, '/profile');
    // Ann's second tab, open before the upload: her header picture changes there without a reload.
    const otherTab = suite.problems.watch(await profile.context().newPage());
    await otherTab.goto(`${suite.origin()}/tweets`);
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

    // The phone-sized view is a third member's.
    const dan = await registerUser(suite.server, `dan_pic_${Date.now() % 1_000_000}`);
    const phone = await suite.page(dan, PHONE, '/tweets');
    await phone.getByTestId('tweet').filter({ hasText: body }).locator('img').first().waitFor();
    await screenshot(phone, 'avatar-feed-phone');
    await suite.end();
  });

  it('keeps a phone number chosen with its country, shown back in national form', async () => {
    suite.start();
    const cat = await registerUser(suite.server, `cat_tel_${Date.now() % 1_000_000}`);
    const page = await suite.page(cat, PHONE, '/profile');
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
    const stored = await suite.server.sql(`select phone from users where id = $1`, [cat.id]);
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
    await suite.end();
  });
});
