/**
 * The web app's pure logic, tested in Node (no browser): the Markdown renderer's output and
 * safety, active time, the outbox backoff, span layout, hotkeys, number parsing and the
 * prediction prefill. It lives with the browser tests because they are the web app's suite.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { parseLabelSchema } from '../core/schema/index.ts';
import { matchesHotkey } from '../web/src/fields/keys.ts';
import { parseNumberInput } from '../web/src/fields/NumberEditor.tsx';
import { bestPrediction, initialValue, toSubmission } from '../web/src/fields/predictions.ts';
import { clampView, normalizeBox, zoomView } from '../web/src/fields/regions-geometry.ts';
import { assignLanes, segments, trimRange, wordAt, wordBoundary } from '../web/src/fields/spans-layout.ts';
import { Markdown } from '../web/src/lib/markdown.tsx';
import { ActiveTimer } from '../web/src/pages/work/active-time.ts';
import { backoffMs } from '../web/src/pages/work/outbox.ts';

const md = (src: string) => renderToStaticMarkup(createElement(Markdown, { source: src }));

describe('markdown', () => {
  it('renders headings, paragraphs, lists, bold, italic, code and links', () => {
    const html = md('# Title\n\nSome **bold** and *it* and `x`.\n\n- one\n- two\n\n1. first\n2. second\n\n[docs](https://example.com)');
    expect(html).toBe(
      '<div class="markdown"><h3>Title</h3><p>Some <strong>bold</strong> and <em>it</em> and <code>x</code>.</p>' +
        '<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>' +
        '<p><a href="https://example.com" target="_blank" rel="noreferrer noopener">docs</a></p></div>',
    );
  });
  it('never emits markup from the text, and drops unsafe link targets', () => {
    const html = md('<script>alert(1)</script> <img src=x onerror=alert(1)>\n\n[click](javascript:alert(1))');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).not.toContain('javascript:');
    expect(html).toContain('click');
  });
});

describe('active time', () => {
  it('counts only focused time within 30 s of the last interaction', () => {
    let now = 0;
    const t = new ActiveTimer(() => now);
    t.reset(true);
    now = 10_000;
    t.interact(); // 10 s active
    now = 100_000; // idle: only 30 s after the last interaction count
    expect(t.read()).toBe(40_000);
    t.interact();
    now = 105_000;
    t.setFocused(false); // 5 s more, then away
    now = 200_000;
    expect(t.read()).toBe(45_000);
    t.setFocused(true);
    now = 201_000;
    expect(t.read()).toBe(46_000);
  });
});

describe('outbox backoff', () => {
  it('doubles from 1 s, caps at 60 s, jitters ±20 %', () => {
    expect(backoffMs(1, () => 0.5)).toBe(1000);
    expect(backoffMs(3, () => 0.5)).toBe(4000);
    expect(backoffMs(20, () => 0.5)).toBe(60_000);
    expect(backoffMs(1, () => 0)).toBe(800);
    expect(backoffMs(1, () => 1)).toBe(1200);
  });
});

describe('span layout', () => {
  it('stacks overlapping spans in lanes and cuts segments at every edge', () => {
    const spans = [
      { start: 35, end: 48, label: 'ORG' },
      { start: 45, end: 48, label: 'ORG' },
      { start: 0, end: 17, label: 'PER' },
    ];
    const { laid, lanes } = assignLanes(spans);
    expect(lanes).toBe(2);
    expect(laid.map((s) => s.lane)).toEqual([0, 1, 0]);
    const segs = segments(49, laid, null);
    expect(segs.map((s) => [s.start, s.end, s.spans.length])).toEqual([
      [0, 17, 1],
      [17, 35, 0],
      [35, 45, 1],
      [45, 48, 2],
      [48, 49, 0],
    ]);
  });
  it('moves by words and finds the word at the caret', () => {
    const text = 'Tim Berners-Lee invented the web.';
    expect(wordBoundary(text, 0, 1)).toBe(3);
    expect(wordBoundary(text, 3, 1)).toBe(15);
    expect(wordBoundary(text, text.length, -1)).toBe(29);
    expect(wordAt(text, 5)).toEqual({ start: 4, end: 15 });
    expect(wordAt(text, 3)).toEqual({ start: 0, end: 3 });
    expect(trimRange(text, 3, 16)).toEqual({ start: 4, end: 15 });
  });
});

describe('hotkeys and inputs', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods }) as KeyboardEvent;
  it('matches hotkeys exactly, with modifiers', () => {
    expect(matchesHotkey(key('1'), '1')).toBe(true);
    expect(matchesHotkey(key('1', { ctrlKey: true }), '1')).toBe(false);
    expect(matchesHotkey(key('a'), 'A')).toBe(false);
    expect(matchesHotkey(key('A', { shiftKey: true }), 'shift+a')).toBe(true);
    expect(matchesHotkey(key('k', { ctrlKey: true }), 'ctrl+k')).toBe(true);
    expect(matchesHotkey(key('+'), '+')).toBe(true);
    expect(matchesHotkey(key('x'), null)).toBe(false);
  });
  it('parses numbers, keeping anything else as text for validation to explain', () => {
    expect(parseNumberInput('')).toBeNull();
    expect(parseNumberInput(' 42 ')).toBe(42);
    expect(parseNumberInput('3,5')).toBe(3.5);
    expect(parseNumberInput('-1e3')).toBe(-1000);
    expect(parseNumberInput('12abc')).toBe('12abc');
    expect(parseNumberInput('Infinity')).toBe('Infinity');
  });
});

describe('regions geometry', () => {
  const img = { width: 640, height: 480 };
  it('keeps boxes inside the image with positive size', () => {
    expect(normalizeBox({ x: 600, y: -10, width: -100, height: 50, label: 'a' }, img)).toEqual({ x: 500, y: 0, width: 100, height: 50, label: 'a' });
    expect(normalizeBox({ x: 630, y: 470, width: 100, height: 100, label: 'a' }, img)).toEqual({ x: 540, y: 380, width: 100, height: 100, label: 'a' });
  });
  it('zooms around a point and never past the limits', () => {
    const full = { x: 0, y: 0, w: 640, h: 480 };
    const z = zoomView(full, img, 2, { x: 0, y: 0 });
    expect(z).toEqual({ x: 0, y: 0, w: 320, h: 240 });
    expect(zoomView(full, img, 0.5).w).toBe(640);
    expect(zoomView(full, img, 1000).w).toBe(32);
    expect(clampView({ x: 5000, y: -5000, w: 320, h: 240 }, img)).toEqual({ x: 480, y: -120, w: 320, h: 240 });
  });
});

describe('predictions', () => {
  const parsed = parseLabelSchema({
    fields: [
      { name: 'sentiment', type: 'choice', options: ['pos', 'neg'] },
      { name: 'note', type: 'text', required: false },
    ],
  });
  if (!parsed.ok) throw new Error('schema');
  const schema = parsed.schema;
  it('prefills from the best-scoring prediction, field by field, only with valid values', () => {
    const preds = [
      { model: 'a', value: { sentiment: 'neg' }, score: 0.2 },
      { model: 'b', value: { sentiment: 'pos', note: 42 }, score: 0.9 },
    ];
    expect(bestPrediction(preds)?.model).toBe('b');
    const init = initialValue(schema, {}, preds);
    expect(init.value).toEqual({ sentiment: 'pos', note: '' });
    expect([...init.predicted]).toEqual(['sentiment']);
    expect(initialValue(schema, {}, undefined).value).toEqual({ sentiment: null, note: '' });
  });
  it('sends blank optional answers as null', () => {
    expect(toSubmission(schema, { sentiment: 'pos', note: '  ' })).toEqual({ sentiment: 'pos', note: null });
  });
});
