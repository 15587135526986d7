import { LIMITS } from '@atrium/contract';
import { describe, expect, it } from 'vitest';
import { parseText, renderText } from '../../src/lib/text.js';

/** Render a body with the given handle → user id map (the handles that resolved to active people). */
const render = (body: string, people: Record<string, string> = {}) => renderText(parseText(body), new Map(Object.entries(people)));

/** The href of every real element (escaped text like `&lt;a href=…&gt;` is not an element). */
function hrefs(html: string): string[] {
  return [...html.matchAll(/<[a-z][^>]*?\shref\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))/gi)].map((m) =>
    (m[2] ?? m[3] ?? m[4]).replace(/&amp;/g, '&'),
  );
}

/** The only links a rendered body may hold (SECURITY.md #12): http(s), mailto and in-app paths. */
const SAFE_HREF = /^(https?:\/\/[^/\\]|mailto:|\/(?![/\\]))/i;

describe('parseText / renderText: links (SECURITY.md #12)', () => {
  const hostile: [string, string][] = [
    ['javascript:', '[click](javascript:alert(1))'],
    ['mixed-case JaVaScRiPt:', '[click](JaVaScRiPt:alert(1))'],
    ['decimal entity &#106;avascript:', '[click](&#106;avascript:alert(1))'],
    ['padded decimal entity', '[click](&#0000106;avascript:alert(1))'],
    ['hex entity &#x6A;avascript:', '[click](&#x6A;avascript:alert(1))'],
    ['named entity javascript&colon;', '[click](javascript&colon;alert(1))'],
    ['leading space', '[click](<  javascript:alert(1)>)'],
    ['vbscript:', '[click](vbscript:msgbox(1))'],
    ['data:', '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
    ['autolink javascript:', '<javascript:alert(1)>'],
    ['bare javascript:', 'javascript:alert(1)'],
    ['reference link', '[click][r]\n\n[r]: javascript:alert(1)'],
    ['raw <a href>', '<a href="javascript:alert(1)">click</a>'],
    ['tel:', '[call](tel:+4930123)'],
    ['ftp:', '[get](ftp://files.example.com/x)'],
    ['file:', '[open](file:///etc/passwd)'],
  ];
  it.each(hostile)('%s never produces an href', (_name, body) => {
    const html = render(body);
    expect(hrefs(html)).toEqual([]);
    expect(html).not.toMatch(/<a\b/);
  });

  it.each([
    ['markdown link', '[x](//evil.com/path)'],
    ['autolink', '<//evil.com/path>'],
    ['bare', 'see //evil.com/path'],
    ['backslash trick', '[x](/\\evil.com)'],
  ])('a protocol-relative link (%s) never becomes one', (_name, body) => {
    const html = render(body);
    for (const href of hrefs(html)) expect(href).toMatch(SAFE_HREF);
    expect(hrefs(html).some((h) => h.startsWith('//') || h.startsWith('/\\'))).toBe(false);
  });

  it('links http, https, mailto and in-app paths; only external ones open with rel=nofollow noopener noreferrer', () => {
    const html = render('[a](https://example.com/a) [b](http://example.com/b) [c](mailto:ann@example.com) [d](/people/123) https://auto.example.com/x');
    expect(hrefs(html)).toEqual([
      'https://example.com/a',
      'http://example.com/b',
      'mailto:ann@example.com',
      '/people/123',
      'https://auto.example.com/x',
    ]);
    const anchors = [...html.matchAll(/<a\b[^>]*>/g)].map((m) => m[0]);
    for (const a of anchors.filter((x) => /href="https?:/.test(x))) expect(a).toContain('rel="nofollow noopener noreferrer"');
    expect(anchors.find((x) => x.includes('href="/people/123"'))).not.toContain('nofollow');
  });

  it('escapes raw HTML as text instead of interpreting it', () => {
    const html = render(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<iframe src="https://evil.com/frame"></iframe>\n\n<svg onload=alert(1)>\n\n<b onmouseover=alert(1)>x</b>',
    );
    expect(html).not.toMatch(/<(script|img|iframe|svg|b)\b/i);
    expect(html).not.toMatch(/<[a-z][^>]*\son\w+\s*=/i); // no element carries an event handler
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;iframe');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
  });

  it('keeps markup in code blocks as text', () => {
    const html = render('```\n<script>alert(1)</script>\n```');
    expect(html.trim()).toBe('<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>');
  });

  it('renders no images, not even from https', () => {
    const html = render('![a cat](https://example.com/cat.png)');
    expect(html).not.toMatch(/<img\b/i);
    expect(html).not.toContain('src=');
  });

  it('renders ordinary Markdown: emphasis, lists, headings below the page, tables', () => {
    const html = render('# Title\n\n**bold** _it_ ~~gone~~\n\n- one\n- two\n\n| a | b |\n|:-|-|\n| 1 | 2 |');
    expect(html).toContain('<h4>Title</h4>');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toContain('<s>gone</s>');
    expect(html).toContain('<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
    expect(html).toContain('<td style="text-align:left">1</td>');
  });
});

describe('parseText / renderText: mentions', () => {
  it('links the handles that resolved to people, by id, and leaves unknown ones as text', () => {
    const parsed = parseText('Hi @Bob and @nobody!');
    expect(parsed.handles).toEqual(['bob', 'nobody']);
    const html = renderText(parsed, new Map([['bob', 'U1']]));
    expect(html.trim()).toBe('<p>Hi <a href="/people/U1" class="mention" data-user-id="U1">@Bob</a> and @nobody!</p>');
  });

  it('finds no mention in code spans, code blocks, links or e-mail addresses', () => {
    const parsed = parseText('`@bob` and [@bob](https://example.com) and ann@bob.example\n\n```\n@bob\n```\n\n    @bob indented');
    expect(parsed.handles).toEqual([]);
    const html = renderText(parsed, new Map([['bob', 'U1']]));
    expect(html).not.toContain('class="mention"');
    expect(html).not.toContain('/people/U1');
  });

  it('handles with dots, dashes and underscores; a trailing full stop is punctuation', () => {
    const parsed = parseText('cc @ann.lee-x_1. and (@bo_b)');
    expect(parsed.handles).toEqual(['ann.lee-x_1', 'bo_b']);
  });

  it('keeps at most LIMITS.mentionsPerPost distinct handles', () => {
    const body = Array.from({ length: LIMITS.mentionsPerPost + 20 }, (_, i) => `@user${i}`).join(' ');
    const parsed = parseText(`${body} @user0`);
    expect(parsed.handles).toHaveLength(LIMITS.mentionsPerPost);
    expect(parsed.handles[0]).toBe('user0');
  });

  it('renders the handle, never a name: a markup-laden map value cannot reach the html as markup', () => {
    // The id is what the server stores; even a hostile one is attribute-escaped by the sanitizer.
    const html = renderText(parseText('@eve'), new Map([['eve', '"><img src=x onerror=alert(1)>']]));
    expect(html).not.toMatch(/<img\b/i);
    expect(html).toContain('>@eve</a>');
  });
});

describe('parseText / renderText: topics', () => {
  it('lower-cases, keeps unicode letters, de-duplicates in order of first appearance', () => {
    const parsed = parseText('#Launch day! #über #ÜBER #launch #q3-plans #2024');
    expect(parsed.topics).toEqual(['launch', 'über', 'q3-plans', '2024']);
    const html = renderText(parsed, new Map());
    expect(html).toContain('<a href="/topics/launch" class="topic">#Launch</a>');
    expect(html).toContain(`<a href="/topics/${encodeURIComponent('über')}" class="topic">#über</a>`);
  });

  it('finds no topic in code, in URLs, in entities, or glued to a word', () => {
    const parsed = parseText(
      '`#code` and https://example.com/page#anchor and example&#123; and &#xyz; and &amp;#123; and issue#5 and a/#b\n\n```\n#fenced\n```',
    );
    expect(parsed.topics).toEqual([]);
    const html = renderText(parsed, new Map());
    expect(html).not.toContain('class="topic"');
  });

  it('keeps at most LIMITS.topicsPerPost topics', () => {
    const parsed = parseText(Array.from({ length: LIMITS.topicsPerPost + 10 }, (_, i) => `#t${i}`).join(' '));
    expect(parsed.topics).toHaveLength(LIMITS.topicsPerPost);
  });
});
