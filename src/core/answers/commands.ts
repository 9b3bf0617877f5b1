/** What a `/kubecon` text (or a line typed in the local shell) asks for. */
export type Request =
  | { readonly kind: 'help' }
  | { readonly kind: 'topics' }
  | { readonly kind: 'tip' }
  | { readonly kind: 'gaps' }
  | { readonly kind: 'ask'; readonly query: string };

/** Reads the text after `/kubecon`: a keyword (help, topics, tip) or a question. */
export function parseRequest(text: string): Request {
  const trimmed = text.trim();
  const keyword = trimmed.toLowerCase();
  if (keyword === '' || keyword === 'help' || keyword === '?') return { kind: 'help' };
  if (keyword === 'topics' || keyword === 'list') return { kind: 'topics' };
  if (keyword === 'tip') return { kind: 'tip' };
  if (keyword === 'gaps') return { kind: 'gaps' };
  return { kind: 'ask', query: trimmed };
}
