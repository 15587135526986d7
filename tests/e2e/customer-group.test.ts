import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMailCatcher } from '../../packages/server/test/mail-catcher.js';
import { chromiumPath, expectAccessible, launchBrowser, type RunningServer, startServer, newPage, signIn } from './support.js';

/**
 * The customer group path, in a real browser against the real server process with a real SMTP
 * server: the owner creates a customer group, adds a colleague and invites a customer by email;
 * the customer opens the mailed link, becomes a guest and asks a question in the group; the
 * colleague answers; the customer sees the answer, and nothing of the company but that group.
 * Every screen is checked with axe-core (WCAG 2.1 AA), the group page in German too.
 */
type Post = { id: string; body: string; group: { id: string; name: string } | null };

describe.skipIf(!chromiumPath)('a customer group in the browser', () => {
  let server: RunningServer;
  let mail: Awaited<ReturnType<typeof startMailCatcher>>;
  let browser: Browser;
  const owner = { name: 'Olivia Owner', email: 'olivia@nordlicht.test', password: 'olivia-secret-pass' };
  const employee = { name: 'Emil Engineer', email: 'emil@nordlicht.test', password: 'emil-secret-pass' };
  const customer = { name: 'Carla Kunde', email: 'customer@example.test', password: 'carla-secret-pass' };
  const groupName = 'Müller GmbH Support';
  const question = 'Our line 3 stops every morning at 6. Is there an update planned?';
  const answer = 'Yes: firmware 2.4 ships on Friday and fixes the morning stop.';
  let ownerToken = '';
  let groupId = '';
  let inviteLink = '';

  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await startServer({ SMTP_URL: mail.url });
    browser = await launchBrowser();

    // The organization and a colleague, through the API.
    const setup = await fetch(`${server.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ orgName: 'Nordlicht', admin: owner }),
    });
    expect(setup.status).toBe(201);
    ownerToken = ((await setup.json()) as { token: string }).token;
    const created = await api('POST', '/users', { name: employee.name, email: employee.email, password: employee.password, title: 'Field Engineer' });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await mail?.close();
  });

  function api(method: string, path: string, body?: unknown) {
    return fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${ownerToken}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
  }



  it('lets the owner create a customer group, add a colleague and invite a customer', async () => {
    // Company content the customer must never see: a company post and another group's post.
    expect((await api('POST', '/posts', { body: 'Company-wide: the Q3 numbers are in.' })).status).toBe(201);
    const internal = await api('POST', '/groups', { name: 'Roadmap internal', description: '', visibility: 'public' });
    const internalId = ((await internal.json()) as { group: { id: string } }).group.id;
    expect((await api('POST', '/posts', { body: 'Internal: price increase next year.', groupId: internalId })).status).toBe(201);

    const { context, page } = await newPage(browser, server);
    await signIn(page, owner);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    await page.getByRole('tab', { name: 'All groups' }).click();
    await page.getByRole('link', { name: 'Roadmap internal' }).waitFor();
    await expectAccessible(page, 'group directory');

    await page.getByRole('button', { name: 'New group' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a group' });
    await dialog.getByLabel('Name').fill(groupName);
    await dialog.getByLabel('Description').fill('Questions and answers with Müller GmbH.');
    await dialog.getByRole('checkbox', { name: 'Customer group' }).check();
    // A customer group is always private: the other choices can't be taken.
    expect(await dialog.getByRole('radio', { name: 'Private' }).isChecked()).toBe(true);
    expect(await dialog.getByRole('radio', { name: 'Public' }).isDisabled()).toBe(true);
    await expectAccessible(page, 'create group dialog');
    await dialog.getByRole('button', { name: 'Create group' }).click();

    await page.waitForURL(/\/groups\/[^/?]+$/);
    groupId = /\/groups\/([^/?]+)/.exec(page.url())![1];
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await page.getByText('Customers can see this').first().waitFor();
    expect(await page.title()).toBe(`${groupName} · Nordlicht`);
    await expectAccessible(page, 'group page (owner)');

    // The colleague joins as a member, picked by name.
    await page.getByRole('tab', { name: 'Members' }).click();
    const picker = page.getByRole('combobox', { name: 'Person' });
    await picker.fill('Emil');
    await page.getByRole('option', { name: /Emil Engineer/ }).click();
    await page.getByRole('button', { name: 'Add to group' }).click();
    const members = page.locator('section', { has: page.getByRole('heading', { name: /members?$/ }) });
    await members.getByRole('link', { name: employee.name }).waitFor();
    await expectAccessible(page, 'group members (owner)');

    // A colleague's address is refused with a hint; the customer's is invited.
    const invite = page.getByRole('button', { name: 'Invite someone from outside' });
    await invite.click();
    const inviteDialog = page.getByRole('dialog', { name: `Invite someone from outside to ${groupName}` });
    await inviteDialog.getByLabel('Their email address').fill(employee.email);
    await inviteDialog.getByRole('button', { name: 'Send invitation' }).click();
    await inviteDialog.getByText('This is a colleague — add them as a member instead.').waitFor();
    await inviteDialog.getByLabel('Their email address').fill(customer.email);
    await inviteDialog.getByRole('button', { name: 'Send invitation' }).click();
    await inviteDialog.getByText(`Invitation sent to ${customer.email}.`).waitFor();
    await expectAccessible(page, 'invite dialog');
    await page.keyboard.press('Escape');
    await inviteDialog.waitFor({ state: 'hidden' });
    expect(await invite.evaluate((el) => el === document.activeElement)).toBe(true);

    const message = await mail.mailTo(customer.email);
    const text = `${message.text ?? ''}\n${typeof message.html === 'string' ? message.html : ''}`;
    const link = /https?:\/\/[^\s"'<>]+\/invitations\/[A-Za-z0-9_-]+/.exec(text)?.[0];
    expect(link, 'the invitation mail carries a link').toBeTruthy();
    expect(link!.startsWith(`${server.url}/invitations/`)).toBe(true);
    inviteLink = link!;
    await context.close();
  });

  it('lets the customer accept, land in the group and ask a question', async () => {
    const { context, page } = await newPage(browser, server);
    await page.goto(inviteLink);
    await page.getByRole('heading', { level: 1, name: `Join ${groupName}` }).waitFor();
    await expectAccessible(page, 'invitation page (guest)');
    await page.getByLabel('Your name').fill(customer.name);
    await page.getByLabel('Choose a password').fill(customer.password);
    await page.getByRole('button', { name: `Join ${groupName}` }).click();

    await page.waitForURL(`**/groups/${groupId}`);
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    const composer = page.getByRole('textbox', { name: `Write something in ${groupName}` });
    await composer.fill(question);
    await page.getByRole('button', { name: 'Post', exact: true }).click();
    const article = page.getByRole('article').filter({ hasText: question });
    await article.waitFor();
    await article.getByText('External').waitFor();
    await expectAccessible(page, 'group page (guest)');
    await context.close();
  });

  it('lets the colleague answer in the group', async () => {
    const { context, page } = await newPage(browser, server);
    await signIn(page, employee);
    // Group posts reach the members' feeds, marked with the group.
    const article = page.getByRole('article').filter({ hasText: question });
    await article.waitFor();
    await article.getByRole('link', { name: groupName }).click();
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await page.getByText('Customers can see this').first().waitFor();

    const inGroup = page.getByRole('article').filter({ hasText: question });
    await inGroup.getByRole('button', { name: 'Comment' }).click();
    await inGroup.getByRole('textbox', { name: 'Write a comment' }).fill(answer);
    await inGroup.getByRole('button', { name: 'Comment', exact: true }).last().click();
    await inGroup.getByText(answer).waitFor();
    await context.close();
  });

  it('shows the customer the answer, and only that group', async () => {
    const { context, page } = await newPage(browser, server);
    await signIn(page, customer);
    // A guest with one group lands in it.
    await page.waitForURL(`**/groups/${groupId}`);
    const article = page.getByRole('article').filter({ hasText: question });
    await article.getByText(answer).waitFor();
    await article.getByRole('link', { name: employee.name }).waitFor();

    // His navigation: his groups and his messages; no search, directory, org chart or admin.
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Groups', 'Messages']);
    expect(await page.getByRole('search').count()).toBe(0);
    await expectAccessible(page, 'group page with the answer (guest)');

    await nav.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    const groups = page.getByRole('article');
    await groups.first().waitFor();
    expect(await groups.count()).toBe(1);
    expect(await groups.first().getByRole('link').allTextContents()).toEqual([groupName]);
    expect(await page.getByRole('tab').count()).toBe(0);
    await expectAccessible(page, 'group directory (guest)');

    const feed: { items: Post[] } = await page.evaluate(async () => (await fetch('/api/v1/feed')).json());
    expect(feed.items.length).toBeGreaterThan(0);
    expect(feed.items.every((p) => p.group?.id === groupId)).toBe(true);
    expect(feed.items.map((p) => p.body)).toContain(question);
    const listed: { items: { id: string }[] } = await page.evaluate(async () => (await fetch('/api/v1/groups?filter=all')).json());
    expect(listed.items.map((g) => g.id)).toEqual([groupId]);

    for (const path of ['/people', '/org', '/admin']) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    }
    // The home page sends him to his group.
    await page.goto('/');
    await page.waitForURL(`**/groups/${groupId}`);
    await context.close();
  });

  it('lists the guest for the admin, and shows the group in German', async () => {
    const { context, page } = await newPage(browser, server, 'de-DE');
    await signIn(page, owner, { email: 'E-Mail-Adresse', password: 'Passwort', submit: 'Anmelden' });
    await page.goto(`/groups/${groupId}`);
    await page.getByRole('heading', { level: 1, name: groupName }).waitFor();
    await page.getByText('Kunden können das sehen').first().waitFor();
    await page.getByRole('textbox', { name: `Schreib etwas in ${groupName}` }).waitFor();
    await page.getByRole('article').filter({ hasText: question }).getByText('Extern').waitFor();
    await expectAccessible(page, 'group page (de)');

    await page.goto('/admin?status=guests');
    const row = page.getByRole('row').filter({ hasText: customer.name });
    await row.getByRole('link', { name: groupName }).waitFor();
    await row.getByText(owner.name).waitFor();
    await expectAccessible(page, 'guests in the admin page (de)');
    await context.close();
  });
});
