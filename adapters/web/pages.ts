import type { Locale } from '../../src/config/schema';

/** Text made safe to place in HTML, as text or inside a quoted attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The language a browser asks for, among those the bot speaks. */
export function browserLocale(acceptLanguage: string | undefined, fallback: Locale): Locale {
  if (!acceptLanguage) return fallback;
  for (const part of acceptLanguage.split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return fallback;
}

const STYLE = `body{font:1.05rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fafaf7}main{max-width:60rem;margin:3rem auto;padding:0 1rem}.said{white-space:pre-wrap}svg{max-width:100%;height:auto}
button,a.button{font:inherit;padding:.6rem 1.2rem;background:#1d4e89;color:#fff;border:0;border-radius:.4rem;cursor:pointer;text-decoration:none}
button:focus-visible,a:focus-visible{outline:3px solid #b35c00;outline-offset:2px}`;

/** A small page of our own (joining, refusals), already escaped by the caller where it holds text. */
export function page(locale: Locale, title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main><h1>${escapeHtml(title)}</h1>${bodyHtml}</main></body></html>`;
}
