// Markdown as Web Chat 4.18 renders it (botframework-webchat-component's renderMarkdown: markdown-it
// with HTML, linkify and typographer on), and the text a reader sees in the result.
import { createRequire } from 'node:module';

type MarkdownIt = { render(src: string): string };
const MarkdownItCtor = createRequire(import.meta.url)('markdown-it') as new (options: Record<string, unknown>) => MarkdownIt;

export const md = new MarkdownItCtor({ breaks: false, html: true, linkify: true, typographer: true, xhtmlOut: true });

/** The visible text of rendered HTML: tags dropped, entities decoded. */
export const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
