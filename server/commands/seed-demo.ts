import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
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
 * Seeds an empty database with a demo org, an owner, an annotator and two
 * projects, so `npm start` opens on something to label. Does nothing when an
 * org already exists.
 */
export async function seedDemo(db: Kysely<DB>) {
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
    db,
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
    db,
    owner,
    ner.id,
    arrayRows([
      { data: { text: 'Ada Lovelace met Charles Babbage in London in 1833.' } },
      { data: { text: 'The European Central Bank raised rates, said Christine Lagarde in Frankfurt.' } },
      { data: { text: 'Grace Hopper joined the US Navy Reserve and later worked at Remington Rand.' } },
    ]),
  );
  return boot;
}
