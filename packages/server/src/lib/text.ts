import { LIMITS } from '@atrium/contract';
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/**
 * Post, comment and message bodies: CommonMark with @mentions and #topics, rendered on the server
 * and passed through an allow-list sanitizer (SECURITY.md #12, #13). Raw HTML in the source is
 * shown as text, never interpreted.
 */
const md = new MarkdownIt('commonmark', { html: false, linkify: true, breaks: true });
md.enable(['linkify', 'strikethrough', 'table']);
md.disable(['image']); // remote images would leak readers' addresses; attachments come with files

const ALLOWED_LINK = /^(https?:\/\/|mailto:|\/(?!\/))/i;
md.validateLink = (url: string) => ALLOWED_LINK.test(url.trim());

// A mention: @ after a start or a non-word character; handles end with a letter, digit or _.
const MENTION = /(^|[^\p{L}\p{N}_@/.])@([a-z0-9_](?:[a-z0-9_.-]{0,30}[a-z0-9_])?)/giu;
const TOPIC = /(^|[^\p{L}\p{N}_&#/])#([\p{L}\p{N}_][\p{L}\p{N}_-]{0,63})/gu;

export interface ParsedText {
  tokens: Token[];
  /** Lower-cased handles mentioned, in order of first appearance. */
  handles: string[];
  /** Lower-cased topic names, in order of first appearance. */
  topics: string[];
}

/** Visit the plain-text tokens that are not inside a link or code: where mentions and topics live. */
function eachPlainText(tokens: Token[], visit: (children: Token[], index: number) => void) {
  for (const block of tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    let inLink = 0;
    for (let i = 0; i < block.children.length; i++) {
      const t = block.children[i];
      if (t.type === 'link_open') inLink++;
      else if (t.type === 'link_close') inLink--;
      else if (t.type === 'text' && inLink === 0) visit(block.children, i);
    }
  }
}

export function parseText(body: string): ParsedText {
  const tokens = md.parse(body, {});
  const handles = new Set<string>();
  const topics = new Set<string>();
  eachPlainText(tokens, (children, i) => {
    for (const m of children[i].content.matchAll(MENTION)) if (handles.size < LIMITS.mentionsPerPost) handles.add(m[2].toLowerCase());
    for (const m of children[i].content.matchAll(TOPIC)) if (topics.size < LIMITS.topicsPerPost) topics.add(m[2].toLowerCase());
  });
  return { tokens, handles: [...handles], topics: [...topics] };
}

function linkTokens(href: string, cls: string, text: string, attrs: [string, string][] = []): Token[] {
  const open = new md.core.State('', md, {}).Token;
  const a = new open('link_open', 'a', 1);
  a.attrs = [['href', href], ['class', cls], ...attrs];
  const t = new open('text', '', 0);
  t.content = text;
  const close = new open('link_close', 'a', -1);
  return [a, t, close];
}

/** Split a text token into text and mention/topic links. */
function linkify(content: string, mentionIds: Map<string, string>, topics: Set<string>): Token[] | null {
  const Tok = new md.core.State('', md, {}).Token;
  const pieces: { index: number; length: number; tokens: Token[] }[] = [];
  for (const m of content.matchAll(MENTION)) {
    const id = mentionIds.get(m[2].toLowerCase());
    if (!id) continue;
    const start = m.index! + m[1].length;
    pieces.push({ index: start, length: m[2].length + 1, tokens: linkTokens(`/people/${id}`, 'mention', `@${m[2]}`, [['data-user-id', id]]) });
  }
  for (const m of content.matchAll(TOPIC)) {
    const name = m[2].toLowerCase();
    if (!topics.has(name)) continue;
    const start = m.index! + m[1].length;
    pieces.push({ index: start, length: m[2].length + 1, tokens: linkTokens(`/topics/${encodeURIComponent(name)}`, 'topic', `#${m[2]}`) });
  }
  if (pieces.length === 0) return null;
  pieces.sort((a, b) => a.index - b.index);
  const out: Token[] = [];
  let at = 0;
  for (const p of pieces) {
    if (p.index < at) continue;
    if (p.index > at) {
      const t = new Tok('text', '', 0);
      t.content = content.slice(at, p.index);
      out.push(t);
    }
    out.push(...p.tokens);
    at = p.index + p.length;
  }
  if (at < content.length) {
    const t = new Tok('text', '', 0);
    t.content = content.slice(at);
    out.push(t);
  }
  return out;
}

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'strong', 'em', 's', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a', 'hr', 'h4', 'h5', 'h6', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: { a: ['href', 'class', 'rel', 'target', 'data-user-id'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedClasses: { a: ['mention', 'topic'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  transformTags: {
    // A post's headings sit below the page's own h1-h3.
    h1: 'h4',
    h2: 'h4',
    h3: 'h5',
    a: (tagName, attribs) => {
      const external = /^(https?:)?\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, rel: 'nofollow noopener noreferrer', target: '_blank' } : attribs };
    },
  },
};

/** Render parsed text to safe HTML, linking the mentions that resolved to people and every topic. */
export function renderText(parsed: ParsedText, mentionIds: Map<string, string>): string {
  const topics = new Set(parsed.topics);
  for (const block of parsed.tokens) {
    if (block.type !== 'inline' || !block.children) continue;
    const children: Token[] = [];
    let inLink = 0;
    for (const t of block.children) {
      if (t.type === 'link_open') inLink++;
      if (t.type === 'link_close') inLink--;
      const replaced = t.type === 'text' && inLink === 0 ? linkify(t.content, mentionIds, topics) : null;
      if (replaced) children.push(...replaced);
      else children.push(t);
    }
    block.children = children;
  }
  return sanitizeHtml(md.renderer.render(parsed.tokens, md.options, {}), SANITIZE);
}
