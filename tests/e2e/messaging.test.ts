import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, expectAccessible, launchBrowser, newPage, type RunningServer, signIn, startServer } from './support.js';

/**
 * Messaging and the live layer, in real browsers against the real server process: two colleagues
 * chat live (notification, unread badge, typing, read receipts), a customer and an employee chat
 * in their customer group, and a feed takes new posts and likes without moving under the reader.
 * The messages view is checked with axe-core (WCAG 2.1 AA) in English and German.
 */
describe.skipIf(!chromiumPath)('messaging and live updates in the browser', () => {
  let server: RunningServer;
  let browser: Browser;
  const ada = { name: 'Ada Admin', email: 'ada@nordlicht.test', password: 'ada-secret-pass' };
  const bruno = { name: 'Bruno Berg', email: 'bruno@nordlicht.test', password: 'bruno-secret-pass' };
  const carla = { name: 'Carla Kunde', email: 'carla@example.test', password: 'carla-secret-pass' };
  const groupName = 'Müller GmbH Support';
  let adaToken = '';
  let groupId = '';
  let a: { context: BrowserContext; page: Page };
  let b: { context: BrowserContext; page: Page };

  function api(token: string, method: string, path: string, body?: unknown) {
    return fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();

    // The organization, a colleague who follows Ada, and a customer group with a guest: by API.
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orgName: 'Nordlicht', admin: ada }),
    });
    expect(setup.status).toBe(201);
    const session = (await setup.json()) as { token: string; user: { id: string } };
    adaToken = session.token;
    expect((await api(adaToken, 'POST', '/users', { ...bruno, title: 'Plant Manager' })).status).toBe(201);
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: bruno.email, password: bruno.password }),
    });
    const brunoToken = ((await login.json()) as { token: string }).token;
    expect((await api(brunoToken, 'POST', `/users/${session.user.id}/follow`)).ok).toBe(true);

    const group = await api(adaToken, 'POST', '/groups', { name: groupName, description: 'Questions and answers.', visibility: 'private', customer: true });
    expect(group.status).toBe(201);
    groupId = ((await group.json()) as { group: { id: string } }).group.id;
    const invited = await api(adaToken, 'POST', `/groups/${groupId}/invitations`, { email: carla.email });
    expect(invited.status).toBe(201);
    const url = ((await invited.json()) as { invitation: { url: string } }).invitation.url;
    const token = url.split('/invitations/')[1];
    const accepted = await fetch(`${server.url}/api/v1/invitations/${token}/accept`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: carla.name, password: carla.password }),
    });
    expect(accepted.ok).toBe(true);

    a = await newPage(browser, server);
    b = await newPage(browser, server);
    // Bruno's sockets can be dropped and kept from coming back, as a flaky network would.
    await b.context.addInitScript(() => {
      const w = window as unknown as { WebSocket: typeof WebSocket; __sockets: WebSocket[]; __blockStream: boolean };
      const Native = w.WebSocket;
      w.__sockets = [];
      w.__blockStream = false;
      w.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          if (w.__blockStream) throw new Error('network down');
          super(url, protocols);
          w.__sockets.push(this);
        }
      };
    });
    await Promise.all([signIn(a.page, ada), signIn(b.page, bruno)]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lets two colleagues chat live: notification, unread badge, typing, read receipts', async () => {
    const message = 'Hi Bruno, can you check the line 3 numbers?';
    const reply = 'Sure, I will send them in ten minutes.';
    // Bruno stays on his feed; Ada starts the conversation from Messages.
    await b.page.getByRole('heading', { level: 1, name: 'Feed' }).waitFor();
    const navA = a.page.getByRole('navigation', { name: 'Main' });
    await navA.getByRole('link', { name: 'Messages' }).click();
    await a.page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    await a.page.getByText('No conversations yet.').waitFor();
    await expectAccessible(a.page, 'empty messages view');

    await a.page.getByRole('button', { name: 'New message' }).click();
    const dialog = a.page.getByRole('dialog', { name: 'New message' });
    await dialog.getByRole('combobox', { name: 'To' }).fill('Bruno');
    await dialog.getByRole('option', { name: /Bruno Berg/ }).click();
    await dialog.getByRole('list', { name: 'Chosen people' }).getByText(bruno.name).waitFor();
    await expectAccessible(a.page, 'new message dialog');
    await dialog.getByRole('button', { name: 'Start conversation' }).click();
    await a.page.waitForURL(/\/messages\/[^/]+$/);
    await a.page.getByRole('heading', { level: 1, name: bruno.name }).waitFor();
    // Bruno is signed in elsewhere: his presence shows in words.
    await a.page.locator('.pane-sub').getByText('Online').waitFor();

    const composerA = a.page.getByRole('textbox', { name: `Message to ${bruno.name}` });
    await composerA.fill(message);
    await composerA.press('Enter');
    await a.page.getByRole('region', { name: `Messages: ${bruno.name}` }).getByText(message).waitFor();

    // Bruno, on his feed, hears of it without reloading: a notification, the badge, the title.
    const toast = b.page.getByRole('region', { name: 'New messages' }).getByRole('link', { name: new RegExp(ada.name) });
    await toast.waitFor();
    expect(await toast.textContent()).toContain(message);
    const navB = b.page.getByRole('navigation', { name: 'Main' });
    await navB.getByRole('link', { name: /^Messages.*1 conversation with unread messages$/ }).waitFor();
    await expect.poll(() => b.page.title()).toMatch(/^\(1\) /);
    await expectAccessible(b.page, 'feed with a message notification');
    await toast.click();
    await b.page.getByRole('heading', { level: 1, name: ada.name }).waitFor();
    const logB = b.page.getByRole('region', { name: `Messages: ${ada.name}` });
    await logB.getByText(message).waitFor();
    // Reading it clears the badge, and Ada sees that it was read.
    await navB.getByRole('link', { name: 'Messages', exact: true }).waitFor();
    await expect.poll(() => b.page.title()).not.toMatch(/^\(/);
    await a.page.getByText('Seen', { exact: true }).waitFor();

    // Bruno types: Ada sees it; he sends: Ada gets the reply live, and he sees that she read it.
    const composerB = b.page.getByRole('textbox', { name: `Message to ${ada.name}` });
    await composerB.fill(reply);
    await a.page.getByRole('status').filter({ hasText: `${bruno.name} is typing…` }).waitFor();
    await composerB.press('Enter');
    await a.page.getByRole('region', { name: `Messages: ${bruno.name}` }).getByText(reply).waitFor();
    await expect.poll(() => a.page.getByText(`${bruno.name} is typing…`).count()).toBe(0);
    await b.page.getByText('Seen', { exact: true }).waitFor();
    await expectAccessible(a.page, 'conversation (en)');

    // The same in German.
    await b.page.getByRole('button', { name: `Account menu for ${bruno.name}` }).click();
    await b.page.getByRole('menuitemradio', { name: 'Deutsch' }).click();
    await b.page.getByRole('textbox', { name: `Nachricht an ${ada.name}` }).waitFor();
    await b.page.getByText('Gesehen', { exact: true }).waitFor();
    await expectAccessible(b.page, 'conversation (de)');
    await b.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Nachrichten' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Nachrichten' }).waitFor();
    await expectAccessible(b.page, 'messages view (de)');
    await b.page.getByRole('button', { name: `Kontomenü für ${bruno.name}` }).click();
    await b.page.getByRole('menuitemradio', { name: 'English' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();

    // Ada corrects her message, then deletes it: Bruno sees both live.
    await b.page.locator('.conversation-items').getByRole('link', { name: new RegExp(ada.name) }).click();
    await logB.getByText(reply).waitFor();
    const logA = a.page.getByRole('region', { name: `Messages: ${bruno.name}` });
    const corrected = 'Hi Bruno, can you check the line 4 numbers?';
    await logA.getByRole('listitem').filter({ hasText: message }).getByRole('button', { name: 'More actions for your message' }).click();
    await a.page.getByRole('menuitem', { name: 'Edit' }).click();
    const edit = a.page.getByRole('textbox', { name: 'Edit your message' });
    await edit.fill(corrected);
    await edit.press('Enter');
    await logB.getByText(corrected).waitFor();
    await logB.getByText('(edited)').waitFor();
    await logA.getByRole('listitem').filter({ hasText: corrected }).getByRole('button', { name: 'More actions for your message' }).click();
    await a.page.getByRole('menuitem', { name: 'Delete' }).click();
    await a.page.getByRole('dialog', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete message' }).click();
    await expect.poll(() => logB.getByText(corrected).count()).toBe(0);

    // A send that fails says so and keeps the text; trying again delivers it once.
    const retried = 'Are the numbers in?';
    await a.page.route('**/api/v1/conversations/*/messages', (route) => (route.request().method() === 'POST' ? route.abort() : route.continue()));
    await composerA.fill(retried);
    await composerA.press('Enter');
    await logA.getByRole('alert').filter({ hasText: 'Atrium can’t be reached' }).waitFor();
    await logA.getByText('Not sent').waitFor();
    await a.page.unroute('**/api/v1/conversations/*/messages');
    await logA.getByRole('button', { name: 'Try again' }).click();
    await logB.getByText(retried).waitFor();
    await expect.poll(() => logA.getByText('Not sent').count()).toBe(0);
    expect(await logB.getByText(retried).count()).toBe(1);
  });

  it('offers new posts on the feed without inserting them, and updates likes live', async () => {
    const text = 'Line 3 is back up and running since 9:40.';
    await b.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Feed' }).click();
    await b.page.getByRole('heading', { level: 1, name: 'Feed' }).waitFor();

    const created = await api(adaToken, 'POST', '/posts', { body: text });
    expect(created.status).toBe(201);
    const postId = ((await created.json()) as { post: { id: string } }).post.id;
    const more = b.page.getByRole('button', { name: '1 new post' });
    await more.waitFor();
    // Nothing moved under the reader's eyes: the post waits for him.
    expect(await b.page.getByRole('article').filter({ hasText: text }).count()).toBe(0);
    await expectAccessible(b.page, 'feed with new posts waiting');
    await more.click();
    const article = b.page.getByRole('article').filter({ hasText: text });
    await article.waitFor();
    expect(await more.count()).toBe(0);
    expect(await b.page.evaluate(() => document.activeElement?.querySelector('article')?.textContent ?? '')).toContain(text);

    // Ada likes it (and comments): Bruno's counts follow, his own Like stays not pressed.
    expect((await api(adaToken, 'PUT', `/posts/${postId}/reactions/like`)).ok).toBe(true);
    const like = article.getByRole('button', { name: /^Like/ });
    await article.getByText('1 like').waitFor();
    expect(await like.getAttribute('aria-pressed')).toBe('false');
    expect((await api(adaToken, 'POST', `/posts/${postId}/comments`, { body: 'Great news.' })).status).toBe(201);
    await article.getByText('1 comment', { exact: true }).waitFor();
    await article.getByText('Great news.').waitFor();
    // She edits it, then deletes it: the card follows.
    const fixed = 'Line 3 is back up and running since 9:45.';
    expect((await api(adaToken, 'PATCH', `/posts/${postId}`, { body: fixed })).ok).toBe(true);
    const edited = b.page.getByRole('article').filter({ hasText: fixed });
    await edited.getByText('(edited)').waitFor();
    expect((await api(adaToken, 'DELETE', `/posts/${postId}`)).status).toBe(204);
    await expect.poll(() => edited.count()).toBe(0);

    // The connection drops and can't come back for a while: Bruno is told, and nothing is lost.
    type Dropper = { __sockets: WebSocket[]; __blockStream: boolean };
    await b.page.evaluate(() => {
      const w = window as unknown as Dropper;
      w.__blockStream = true;
      w.__sockets[w.__sockets.length - 1]!.close();
    });
    await b.page.getByRole('status').filter({ hasText: 'Reconnecting…' }).waitFor();
    const meanwhile = 'Posted while Bruno was offline.';
    expect((await api(adaToken, 'POST', '/posts', { body: meanwhile })).status).toBe(201);
    await b.page.evaluate(() => {
      (window as unknown as Dropper).__blockStream = false;
      window.dispatchEvent(new Event('online'));
    });
    await b.page.getByRole('status').filter({ hasText: 'Connected again.' }).waitFor();
    await b.page.getByRole('button', { name: '1 new post' }).click();
    await b.page.getByRole('article').filter({ hasText: meanwhile }).waitFor();
    // It resumed after the last event it had (the server replayed the rest).
    expect(await b.page.evaluate(() => (window as unknown as Dropper).__sockets.at(-1)!.url)).toMatch(/[?&]since=\d+/);
  });

  it('lets a customer and an employee chat live in their customer group', async () => {
    const question = 'Is the firmware update for line 3 still planned for Friday?';
    const answer = 'Yes, Friday morning. We will call you before we start.';
    const g = await newPage(browser, server);
    await signIn(g.page, carla);
    // A guest with one group lands in it; his navigation: his groups and his messages.
    await g.page.waitForURL(`**/groups/${groupId}`);
    const nav = g.page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Groups', 'Messages']);
    await g.page.getByRole('tab', { name: 'Chat' }).click();
    const composerG = g.page.getByRole('textbox', { name: `Message to ${groupName}` });
    await composerG.waitFor();

    await a.page.goto(`/groups/${groupId}?tab=chat`);
    const composerA = a.page.getByRole('textbox', { name: `Message to ${groupName}` });
    await composerA.waitFor();

    await composerG.fill(question);
    await composerG.press('Enter');
    const chatA = a.page.getByRole('region', { name: `Messages: ${groupName}` });
    await chatA.getByText(question).waitFor();
    await chatA.getByText('External').first().waitFor();
    await composerA.fill(answer);
    await composerA.press('Enter');
    const chatG = g.page.getByRole('region', { name: `Messages: ${groupName}` });
    await chatG.getByText(answer).waitFor();
    await expectAccessible(g.page, 'group chat (guest)');

    // His messages: that chat and nothing else of the company.
    await nav.getByRole('link', { name: 'Messages' }).click();
    await g.page.getByRole('heading', { level: 1, name: 'Messages' }).waitFor();
    const items = g.page.locator('.conversation-items > li');
    await items.first().waitFor();
    expect(await items.count()).toBe(1);
    expect(await items.first().textContent()).toContain(groupName);
    expect(await items.first().textContent()).toContain('External');
    await expectAccessible(g.page, 'messages view (guest)');
    await items.first().getByRole('link').click();
    await g.page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await g.page.getByRole('region', { name: `Messages: ${groupName}` }).getByText(answer).waitFor();
    await g.context.close();
  });

  it('sends an open tab to the login page when its session ends elsewhere', async () => {
    const other = await a.context.newPage();
    await other.goto('/groups');
    await other.getByRole('button', { name: `Account menu for ${ada.name}` }).click();
    await other.getByRole('menuitem', { name: 'Sign out' }).click();
    await other.waitForURL('**/login');
    // The first tab's stream is closed by the server (4001): it goes to the login page by itself.
    await a.page.waitForURL(/\/login/);
    await a.page.getByRole('button', { name: 'Sign in' }).waitFor();
  });
});
