import sharp from 'sharp';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, expectAccessible, launchBrowser, type RunningServer, startServer, newPage, signIn } from './support.js';

/**
 * The newcomer's path, in a real browser against the real server process:
 * setup → the admin adds a colleague → the colleague signs in, fills in his profile with a photo
 * → posts with a mention and a topic → the admin sees it in his feed, comments and likes →
 * the German UI shows the same. Every screen is checked with axe-core (WCAG 2.1 AA).
 */
type FeedPage = { items: { id: string; body: string; reactions: Record<string, number>; myReactions: string[]; commentsCount: number }[] };

describe.skipIf(!chromiumPath)('the newcomer path in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const admin = { name: 'Ada Admin', email: 'ada@nordlicht.test', password: 'ada-secret-pass' };
  const colleague = { name: 'Bruno Berg', email: 'bruno@nordlicht.test', password: 'bruno-secret-pass' };
  let colleagueId = '';

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });



  it('sets up the organization on first visit', async () => {
    const { context, page } = await newPage(browser, server);
    await page.goto('/');
    await page.waitForURL('**/setup');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Set up Atrium');
    await expectAccessible(page, 'setup');
    await page.getByLabel('Organization name').fill('Nordlicht');
    await page.getByLabel('Your name').fill(admin.name);
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Create and sign in' }).click();
    await page.getByRole('textbox', { name: 'What are you working on?' }).waitFor();
    await expectAccessible(page, 'empty feed');

    // The admin adds a colleague.
    await page.goto('/admin');
    await page.getByRole('heading', { name: 'Add a colleague' }).waitFor();
    await expectAccessible(page, 'admin');
    const form = page.locator('form', { has: page.getByRole('heading', { name: 'Add a colleague' }) });
    await form.getByLabel('Name').fill(colleague.name);
    await form.getByLabel('Email').fill(colleague.email);
    await form.getByLabel('Job title').fill('Plant Manager');
    await form.getByLabel('Department').fill('Operations');
    await form.getByLabel('Initial password (optional)').fill(colleague.password);
    await form.getByRole('button', { name: 'Add colleague' }).click();
    await page.getByText(`Added ${colleague.name}.`).first().waitFor();
    await context.close();
  });

  it('lets the colleague sign in, complete his profile with a photo, and post', async () => {
    const { context, page } = await newPage(browser, server);
    await page.goto('/login');
    await expectAccessible(page, 'login');
    await signIn(page, colleague);

    await page.getByRole('button', { name: `Account menu for ${colleague.name}` }).click();
    await page.getByRole('menuitem', { name: 'Edit your profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Edit your profile' }).waitFor();
    colleagueId = /\/people\/([^/]+)\/edit/.exec(page.url())![1];
    await expectAccessible(page, 'edit profile');

    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#3a7bd5' } }).jpeg().toBuffer();
    await page.locator('input[type=file]').setInputFiles({ name: 'me.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.getByText('Photo saved.').first().waitFor();

    await page.getByLabel('Location').fill('Hamburg');
    await page.getByLabel('About').fill('I run the plant in Hamburg.');
    await page.getByLabel('Add skills').fill('Lean, Six Sigma');
    await page.getByLabel('Add skills').press('Enter');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText('Profile saved.').first().waitFor();

    await page.goto(`/people/${colleagueId}`);
    await page.getByRole('heading', { level: 1, name: colleague.name }).waitFor();
    await expect.poll(() => page.getByText('Six Sigma').count()).toBeGreaterThan(0);
    const img = page.getByRole('img', { name: `Photo of ${colleague.name}` }).first();
    await img.waitFor();
    expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(512);
    await expectAccessible(page, 'profile');

    await page.goto('/');
    const composer = page.getByRole('textbox', { name: 'What are you working on?' });
    await composer.fill('Kicking off the new packing line with @ada today #launch');
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const article = page.getByRole('article').filter({ hasText: 'Kicking off the new packing line' });
    await article.waitFor();
    expect(await article.getByRole('link', { name: '@ada' }).getAttribute('href')).toMatch(/^\/people\//);
    expect(await article.getByRole('link', { name: '#launch' }).getAttribute('href')).toBe('/topics/launch');
    await expectAccessible(page, 'feed with a post');
    await context.close();
  });

  it('shows the post in the admin’s feed, who comments and likes it', async () => {
    const { context, page } = await newPage(browser, server);
    await signIn(page, admin);
    const article = page.getByRole('article').filter({ hasText: 'Kicking off the new packing line' });
    await article.waitFor();
    const like = article.getByRole('button', { name: 'Like' });
    await like.click();
    await expect.poll(() => like.getAttribute('aria-pressed')).toBe('true');
    await article.getByRole('button', { name: 'Comment' }).click();
    await article.getByRole('textbox', { name: 'Write a comment' }).fill('Great start, Bruno!');
    await article.getByRole('button', { name: 'Comment', exact: true }).last().click();
    await article.getByText('Great start, Bruno!').waitFor();
    await expectAccessible(page, 'feed with comments');

    // The same through the API the page uses: the like and the comment are stored.
    const feed: FeedPage = await page.evaluate(async () => (await fetch('/api/v1/feed')).json());
    const post = feed.items.find((p) => p.body.includes('packing line'))!;
    expect(post.reactions).toEqual({ like: 1 });
    expect(post.myReactions).toEqual(['like']);
    expect(post.commentsCount).toBe(1);

    await page.goto('/topics/launch');
    await page.getByRole('article').filter({ hasText: 'Kicking off the new packing line' }).waitFor();
    await expectAccessible(page, 'topic page');

    await page.goto('/people?q=lean');
    await page.getByRole('link', { name: colleague.name }).first().waitFor();
    await expectAccessible(page, 'directory');

    await page.goto('/org');
    await page.getByRole('heading', { level: 1, name: 'Org chart' }).waitFor();
    await expectAccessible(page, 'org chart');

    const posts: FeedPage = await page.evaluate(async () => (await fetch('/api/v1/feed')).json());
    await page.goto(`/posts/${posts.items[0].id}`);
    await page.getByText('Great start, Bruno!').waitFor();
    await expectAccessible(page, 'post permalink');
    await context.close();
  });

  it('shows the same in German', async () => {
    const { context, page } = await newPage(browser, server, 'de-DE');
    await page.goto('/login');
    await page.getByRole('button', { name: 'Anmelden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expectAccessible(page, 'login (de)');
    await signIn(page, admin, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' });
    await page.getByRole('textbox', { name: 'Woran arbeitest du gerade?' }).waitFor();
    await page.getByRole('article').filter({ hasText: 'Kicking off the new packing line' }).waitFor();
    await page.getByText('Great start, Bruno!').first().waitFor();
    await expectAccessible(page, 'feed (de)');
    await page.goto(`/people/${colleagueId}`);
    await page.getByRole('heading', { level: 1, name: colleague.name }).waitFor();
    await page.getByRole('button', { name: 'Folgen', exact: true }).waitFor();
    await expectAccessible(page, 'profile (de)');
    await context.close();
  });
});
