import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, expectAccessible, launchBrowser, newPage, type RunningServer, signIn, startServer } from './support.js';

/**
 * The bell, in a real browser against the real server process: a colleague mentions Bruno in a
 * post and in a comment; his open page counts them live, the panel lists them and leads to the
 * post (at the comment), and reading them clears the count. The panel is checked with axe-core
 * (WCAG 2.1 AA) in English and German, and with the keyboard (Escape returns to the bell).
 */
describe.skipIf(!chromiumPath)('notifications in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const ada = { name: 'Ada Admin', email: 'ada@nordlicht.test', password: 'ada-secret-pass' };
  const bruno = { name: 'Bruno Berg', email: 'bruno@nordlicht.test', password: 'bruno-secret-pass' };
  let adaToken = '';

  function api(method: string, path: string, body?: unknown) {
    return fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${adaToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  const isFocused = (page: Page, name: string) =>
    page.evaluate((n) => {
      const el = document.activeElement;
      return el?.tagName === 'BUTTON' && el.getAttribute('aria-label') === n;
    }, name);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orgName: 'Nordlicht', admin: ada }),
    });
    expect(setup.status).toBe(201);
    adaToken = ((await setup.json()) as { token: string }).token;
    // Bruno's handle comes from his email: @bruno.
    expect((await api('POST', '/users', { ...bruno, title: 'Plant Manager' })).status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('counts a mention live, lists it, leads to the post and clears the count', async () => {
    const { page } = await newPage(browser, server);
    // The live stream is caught up once the server says `ready`.
    const live = page
      .waitForEvent('websocket', { predicate: (ws) => ws.url().includes('/api/v1/stream') })
      .then((ws) => ws.waitForEvent('framereceived', { predicate: (f) => typeof f.payload === 'string' && f.payload.includes('"type":"ready"') }));
    await signIn(page, bruno);
    await page.getByRole('heading', { level: 1, name: 'Feed' }).waitFor();
    await live;

    // Nothing yet: the bell opens on an empty panel, Escape closes it and the focus is back on the bell.
    const quietBell = page.getByRole('button', { name: 'Notifications', exact: true });
    await quietBell.click();
    const panel = page.getByRole('dialog', { name: 'Notifications' });
    await panel.getByText('Nothing here yet.').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await isFocused(page, 'Notifications')).toBe(true);

    // Ada mentions him in a post: his bell counts it without a reload, and so does the tab's title.
    const text = 'Thanks @bruno for getting line 3 back up so quickly.';
    const created = await api('POST', '/posts', { body: text });
    expect(created.status).toBe(201);
    const postId = ((await created.json()) as { post: { id: string } }).post.id;
    const bell = page.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    expect(await bell.textContent()).toBe('1');
    await expect.poll(() => page.title()).toMatch(/^\(1\) /);

    // Opened from the keyboard: the panel lists it, marked new, and opening it read it.
    await bell.focus();
    await page.keyboard.press('Enter');
    const item = panel.getByRole('link', { name: /^New: Ada Admin mentioned you in a post/ });
    await item.waitFor();
    expect(await item.textContent()).toContain('“Thanks @bruno for getting line 3 back up so quickly.”');
    expect(await item.getAttribute('href')).toBe(`/posts/${postId}`);
    await quietBell.waitFor();
    await expect.poll(() => page.title()).not.toMatch(/^\(/);
    await expectAccessible(page, 'notifications panel (en)');
    await page.keyboard.press('Escape');
    await expect.poll(() => panel.count()).toBe(0);
    expect(await isFocused(page, 'Notifications')).toBe(true);

    // In German: the same panel, now read.
    await page.getByRole('button', { name: `Account menu for ${bruno.name}` }).click();
    await page.getByRole('menuitemradio', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neuigkeiten' }).waitFor();
    const glocke = page.getByRole('button', { name: 'Benachrichtigungen', exact: true });
    await glocke.click();
    const panelDe = page.getByRole('dialog', { name: 'Benachrichtigungen' });
    const itemDe = panelDe.getByRole('link', { name: /^Ada Admin hat dich in einem Beitrag erwähnt/ });
    await itemDe.waitFor();
    expect(await itemDe.textContent()).toContain('„Thanks @bruno');
    await expectAccessible(page, 'notifications panel (de)');

    // A mention in a comment, while the panel is open: it arrives on top, and is read at once.
    const comment = await api('POST', `/posts/${postId}/comments`, { body: 'And @bruno, the numbers look great.' });
    expect(comment.status).toBe(201);
    const commentId = ((await comment.json()) as { comment: { id: string } }).comment.id;
    const commentItem = panelDe.getByRole('link', { name: /^Neu: Ada Admin hat dich in einem Kommentar erwähnt/ });
    await commentItem.waitFor();
    expect(await panelDe.getByRole('listitem').first().textContent()).toContain('in einem Kommentar');
    await glocke.waitFor();

    // Following it leads to the post, at the comment; the panel closes and the page's heading has the focus.
    expect(await commentItem.getAttribute('href')).toBe(`/posts/${postId}#comment-${commentId}`);
    await commentItem.click();
    await page.waitForURL(`**/posts/${postId}#comment-${commentId}`);
    await page.getByRole('heading', { level: 1, name: `Beitrag von ${ada.name}` }).waitFor();
    expect(await panelDe.count()).toBe(0);
    await page.locator(`#comment-${commentId}.is-target`).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await glocke.waitFor();
    expect(await page.title()).toBe(`Beitrag von ${ada.name} · Nordlicht`);
  });
});
