import type { Database } from '../db/database.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { bootstrapOrg } from './bootstrap-org.ts';
import { addMember } from './members.ts';
import { createProject } from './projects.ts';
import { importTasks } from './import-tasks.ts';
import { arrayRows } from './import-sources.ts';

export const DEMO_LOGIN = { email: 'owner@demo.tally', password: 'tally-demo' };
export const DEMO_ANNOTATOR = { email: 'annotator@demo.tally', password: 'tally-demo' };

const REVIEWS = [
  'A warm, funny film that never talks down to its audience.',
  'Two hours I will never get back. The plot makes no sense.',
  'The acting is fine, the script is forgettable.',
  'An instant classic: gorgeous score and a brave ending.',
  'Dull, slow and far too long for what it has to say.',
  'I laughed, I cried, I bought the soundtrack.',
  'Competent but cold; I admired it more than I liked it.',
  'The sequel nobody asked for, and it shows.',
];

/**
 * Seeds an empty database with a demo org, an owner, an annotator and
 * projects covering every kind of job (classification, spans, RLHF,
 * images), so `npm start` opens on something to label. Does nothing when an
 * org already exists.
 */
export async function seedDemo(database: Database) {
  const { db } = database;
  const any = await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst();
  if (any) return undefined;
  const boot = await bootstrapOrg(db, { org: 'Demo', email: DEMO_LOGIN.email, password: DEMO_LOGIN.password, name: 'Demo Owner' });
  const owner: AuthContext = { userId: boot.userId, orgId: boot.orgId, role: 'owner', via: 'token' };
  await addMember(db, owner, { email: DEMO_ANNOTATOR.email, password: DEMO_ANNOTATOR.password, name: 'Demo Annotator', role: 'annotator' });
  const sentiment = await createProject(db, owner, {
    name: 'Movie review sentiment',
    instructions: '# Sentiment\nRead the review and pick the overall sentiment. Press **1**, **2** or **3**, then **Ctrl+Enter**.',
    schema: { fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['positive', 'negative', 'mixed'] }] },
    overlapMin: 1,
    overlapMax: 3,
    targetConfidence: 0.7,
  });
  await importTasks(
    database,
    owner,
    sentiment.id,
    arrayRows(Array.from({ length: 40 }, (_, i) => ({ uniqueId: `review-${i + 1}`, data: { text: REVIEWS[i % REVIEWS.length] } }))),
  );
  const ner = await createProject(db, owner, {
    name: 'News entities',
    instructions: 'Select each person, organization and place, then press its label key.',
    schema: {
      fields: [
        { name: 'entities', type: 'spans', source: 'text', labels: ['PER', 'ORG', 'LOC'] },
        { name: 'quality', type: 'rating', max: 5, required: false },
      ],
    },
  });
  await importTasks(
    database,
    owner,
    ner.id,
    arrayRows([
      { data: { text: 'Ada Lovelace met Charles Babbage in London in 1833.' } },
      { data: { text: 'The European Central Bank raised rates, said Christine Lagarde in Frankfurt.' } },
      { data: { text: 'Grace Hopper joined the US Navy Reserve and later worked at Remington Rand.' } },
    ]),
  );
  await seedRlhfDemo(database, owner);
  await seedImageDemo(database, owner);
  return boot;
}

const PROMPTS = [
  { prompt: 'Explain what a hash table is to a new programmer.', a: 'A hash table stores key/value pairs and finds a value by computing an index from its key, so lookups take about the same time however many items it holds.', b: 'It is a table of hashes.' },
  { prompt: 'Give one tip for writing clear commit messages.', a: 'Say why the change was made, not only what changed.', b: 'Write a short summary line under 50 characters, then explain the reason for the change in the body.' },
  { prompt: 'What is the boiling point of water at sea level?', a: '100 °C (212 °F).', b: 'Around 90 degrees, depending on the pot.' },
];

/** An RLHF-style project: pick the better response, rank three, write a better one. */
async function seedRlhfDemo(database: Database, owner: AuthContext) {
  const { db } = database;
  const p = await createProject(db, owner, {
    name: 'Assistant preferences (RLHF)',
    instructions: 'Compare the two responses: press **A** or **B** (and 1-3 for how much better). Then rank the three candidates and write the best answer you can.',
    schema: {
      fields: [
        { name: 'preference', type: 'pairwise', strength: true, allowTie: true },
        { name: 'ranking', type: 'ranking', source: 'candidates' },
        { name: 'ideal', type: 'text', min: 10, max: 2000, required: false },
      ],
    },
  });
  await importTasks(
    database,
    owner,
    p.id,
    arrayRows(PROMPTS.map((x) => ({ data: { prompt: x.prompt, A: x.a, B: x.b, candidates: [x.a, x.b, 'I cannot help with that.'] } }))),
  );
}

function sceneSvg(seed: number): string {
  const cars = [0, 1, 2].map((i) => {
    const x = 30 + ((seed * 97 + i * 180) % 520);
    const y = 210 + ((seed * 31 + i * 47) % 90);
    const hue = (seed * 60 + i * 120) % 360;
    return `<rect x="${x}" y="${y}" width="110" height="50" rx="10" fill="hsl(${hue},60%,45%)"/><circle cx="${x + 25}" cy="${y + 52}" r="12" fill="#222"/><circle cx="${x + 85}" cy="${y + 52}" r="12" fill="#222"/>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="400"><rect width="640" height="400" fill="#bfe3ff"/><rect y="260" width="640" height="140" fill="#777"/><circle cx="${520 - seed * 40}" cy="70" r="36" fill="#ffd54a"/>${cars.join('')}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

/** Boxes and polygons on images that ship with Tally (generated SVG), so the demo works offline. */
async function seedImageDemo(database: Database, owner: AuthContext) {
  const { db } = database;
  const p = await createProject(db, owner, {
    name: 'Street scenes (boxes)',
    instructions: 'Draw a box around every car (**b** adds one, arrows move it, Shift+arrows resize). Outline the sun with a polygon.',
    schema: {
      fields: [
        { name: 'cars', type: 'boxes', source: 'image', labels: ['car', 'truck'] },
        { name: 'sun', type: 'polygons', source: 'image', labels: ['sun'], required: false },
      ],
    },
  });
  await importTasks(database, owner, p.id, arrayRows([1, 2, 3, 4].map((i) => ({ uniqueId: `scene-${i}`, data: { image: sceneSvg(i) } }))));
}
