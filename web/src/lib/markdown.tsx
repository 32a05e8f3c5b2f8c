import { Fragment, type ReactNode } from 'react';

/**
 * A tiny, safe Markdown renderer for project instructions: headings, paragraphs,
 * bullet and numbered lists, bold, italic, inline code, code blocks, http(s) links
 * and horizontal rules. It builds React elements (never HTML strings), so nothing in
 * the text can inject markup or script.
 */
export function Markdown({ source }: { source: string }) {
  return <div className="markdown">{renderBlocks(source)}</div>;
}

type Block =
  | { kind: 'h'; level: number; text: string }
  | { kind: 'p'; text: string }
  | { kind: 'ul' | 'ol'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'hr' };

export function parseBlocks(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = () => {
    if (para.length) blocks.push({ kind: 'p', text: para.join(' ') });
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```/.test(line.trim())) {
      flush();
      const body: string[] = [];
      for (i++; i < lines.length && !/^```/.test(lines[i].trim()); i++) body.push(lines[i]);
      blocks.push({ kind: 'code', text: body.join('\n') });
      continue;
    }
    const h = /^(#{1,6})\s+(.*)$/.exec(line);
    if (h) {
      flush();
      blocks.push({ kind: 'h', level: h[1].length, text: h[2].replace(/\s+#+\s*$/, '') });
      continue;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) {
      flush();
      blocks.push({ kind: 'hr' });
      continue;
    }
    const ul = /^\s*[-*+]\s+(.*)$/.exec(line);
    const ol = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (ul || ol) {
      flush();
      const kind = ul ? 'ul' : 'ol';
      const last = blocks[blocks.length - 1];
      const text = (ul ?? ol)![1];
      if (last && last.kind === kind) last.items.push(text);
      else blocks.push({ kind, items: [text] });
      continue;
    }
    if (line.trim() === '') {
      flush();
      continue;
    }
    // A wrapped line continues a list item.
    const last = blocks[blocks.length - 1];
    if (para.length === 0 && last && (last.kind === 'ul' || last.kind === 'ol') && /^\s+/.test(line)) {
      last.items[last.items.length - 1] += ` ${line.trim()}`;
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

function renderBlocks(src: string): ReactNode[] {
  return parseBlocks(src).map((b, i) => {
    switch (b.kind) {
      case 'h': {
        // Instructions live inside a panel: its own heading is h2, so content starts at h3.
        const level = Math.min(6, b.level + 2);
        const Tag = `h${level}` as 'h3';
        return <Tag key={i}>{inline(b.text)}</Tag>;
      }
      case 'p':
        return <p key={i}>{inline(b.text)}</p>;
      case 'ul':
      case 'ol': {
        const Tag = b.kind;
        return (
          <Tag key={i}>
            {b.items.map((t, k) => (
              <li key={k}>{inline(t)}</li>
            ))}
          </Tag>
        );
      }
      case 'code':
        return (
          <pre key={i}>
            <code>{b.text}</code>
          </pre>
        );
      case 'hr':
        return <hr key={i} />;
    }
  });
}

const INLINE = /(`[^`]+`)|(\*\*[^*]+\*\*|__[^_]+__)|(\*[^*\s][^*]*\*|_[^_\s][^_]*_)|(\[[^\]]+\]\([^)\s]+\))/;

/** Inline formatting: `code`, **bold**, *italic*, [links](https://...). */
export function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let rest = text;
  let key = 0;
  while (rest) {
    const m = INLINE.exec(rest);
    if (!m) {
      out.push(rest);
      break;
    }
    if (m.index > 0) out.push(rest.slice(0, m.index));
    const tok = m[0];
    if (m[1]) out.push(<code key={key++}>{tok.slice(1, -1)}</code>);
    else if (m[2]) out.push(<strong key={key++}>{inline(tok.slice(2, -2))}</strong>);
    else if (m[3]) out.push(<em key={key++}>{inline(tok.slice(1, -1))}</em>);
    else {
      const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(tok)!;
      const href = /^(https?:|mailto:|\/)/i.test(lm[2]) ? lm[2] : null;
      out.push(
        href ? (
          <a key={key++} href={href} target="_blank" rel="noreferrer noopener">
            {lm[1]}
          </a>
        ) : (
          <Fragment key={key++}>{lm[1]}</Fragment>
        ),
      );
    }
    rest = rest.slice(m.index + tok.length);
  }
  return out;
}
