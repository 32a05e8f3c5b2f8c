/**
 * Projects used by the browser tests: one per field type, each with five tasks, so
 * every editor is exercised end to end.
 */

/** A 640×480 test image as a data URL (no network, deterministic pixels). */
export function testImage(n: number): string {
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480" viewBox="0 0 640 480">` +
    `<rect width="640" height="480" fill="#cfe3f7"/>` +
    `<circle cx="${160 + n * 60}" cy="200" r="70" fill="#e0803a"/>` +
    `<rect x="360" y="260" width="180" height="140" fill="#3a8a4f"/>` +
    `<text x="20" y="40" font-size="28" font-family="sans-serif">image ${n}</text></svg>`;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

const SENTENCES = [
  'Ada Lovelace visited Paris in June.',
  'Grace Hopper worked for the Navy in Virginia.',
  'Alan Turing was born in London.',
  'Tim Berners-Lee invented the web at CERN.',
  'Margaret Hamilton led software for Apollo at MIT.',
];

export interface FieldTypeFixture {
  type: string;
  name: string;
  schema: { fields: Record<string, unknown>[] };
  instructions: string;
  tasks: { data: Record<string, unknown> }[];
}

export const FIXTURES: FieldTypeFixture[] = [
  {
    type: 'choice',
    name: 'Sentiment (choice)',
    schema: { fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['pos', 'neg', 'neutral'] }] },
    instructions: '# Sentiment\n\nPick the **overall** feeling of the text.\n\n- pos: happy\n- neg: unhappy\n- neutral: neither',
    tasks: ['I love it', 'I hate it', 'It is a chair', 'Best day ever', 'Awful service'].map((text) => ({ data: { text } })),
  },
  {
    type: 'choice-multi',
    name: 'Topics (multi choice)',
    schema: { fields: [{ name: 'topics', type: 'choice', multiple: true, source: 'text', options: ['sports', 'politics', 'science', 'art'] }] },
    instructions: 'Pick every topic that applies.',
    tasks: ['Election results', 'A new telescope', 'The final match', 'Museum opening', 'Budget vote'].map((text) => ({ data: { text } })),
  },
  {
    type: 'spans',
    name: 'Entities (spans)',
    schema: { fields: [{ name: 'entities', type: 'spans', source: 'text', labels: ['PER', 'LOC', 'ORG'] }] },
    instructions: 'Mark people (PER), places (LOC) and organisations (ORG).',
    tasks: SENTENCES.map((text) => ({ data: { text } })),
  },
  {
    type: 'boxes',
    name: 'Objects (boxes)',
    schema: { fields: [{ name: 'objects', type: 'boxes', source: 'image', labels: ['ball', 'block'] }] },
    instructions: 'Draw a box around each object.',
    tasks: [0, 1, 2, 3, 4].map((n) => ({ data: { image: testImage(n) } })),
  },
  {
    type: 'polygons',
    name: 'Regions (polygons)',
    schema: { fields: [{ name: 'regions', type: 'polygons', source: 'image', labels: ['ball', 'block'] }] },
    instructions: 'Outline each object.',
    tasks: [0, 1, 2, 3, 4].map((n) => ({ data: { image: testImage(n) } })),
  },
  {
    type: 'rating',
    name: 'Quality (rating)',
    schema: { fields: [{ name: 'quality', type: 'rating', source: 'text', min: 1, max: 5 }] },
    instructions: 'Rate the answer from 1 (bad) to 5 (great).',
    tasks: ['Answer one', 'Answer two', 'Answer three', 'Answer four', 'Answer five'].map((text) => ({ data: { text } })),
  },
  {
    type: 'pairwise',
    name: 'Preference (pairwise)',
    schema: { fields: [{ name: 'preference', type: 'pairwise', strength: true, allowTie: true }] },
    instructions: 'Which response answers the prompt better?',
    tasks: [1, 2, 3, 4, 5].map((n) => ({ data: { prompt: `Prompt ${n}`, a: `Response A${n}`, b: `Response B${n}` } })),
  },
  {
    type: 'ranking',
    name: 'Order (ranking)',
    schema: { fields: [{ name: 'order', type: 'ranking', source: 'responses' }] },
    instructions: 'Order the responses, best first.',
    tasks: [1, 2, 3, 4, 5].map((n) => ({ data: { responses: [`first ${n}`, `second ${n}`, `third ${n}`] } })),
  },
  {
    type: 'text',
    name: 'Summary (text)',
    schema: { fields: [{ name: 'summary', type: 'text', source: 'article', min: 3, max: 40 }] },
    instructions: 'Summarise the article in a few words.',
    tasks: [1, 2, 3, 4, 5].map((n) => ({ data: { article: `Article ${n}: something happened somewhere.` } })),
  },
  {
    type: 'number',
    name: 'Count (number)',
    schema: { fields: [{ name: 'count', type: 'number', source: 'text', min: 0, max: 100, integer: true }] },
    instructions: 'How many items are listed?',
    tasks: [1, 2, 3, 4, 5].map((n) => ({ data: { text: `A list of ${n} items` } })),
  },
];
