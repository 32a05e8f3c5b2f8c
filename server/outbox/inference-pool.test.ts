import { afterAll, describe, expect, it } from 'vitest';
import { encodeAnswers, inferTruth } from '../../core/quality/index.ts';
import { InferencePool } from './inference-pool.ts';

describe('inference worker thread', () => {
  const pool = new InferencePool();
  afterAll(() => pool.close());

  it('returns what inferTruth returns in-thread, and passes errors back', async () => {
    const answers = [
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'a', worker: 'w2', label: 'x' },
      { item: 'a', worker: 'w3', label: 'y' },
      { item: 'b', worker: 'w1', label: 'y' },
      { item: 'b', worker: 'w2', label: 'y' },
    ];
    const enc = encodeAnswers(answers);
    const threaded = await pool.run('ds', enc, {});
    expect(threaded).toEqual(inferTruth('ds', enc, {}));
    await expect(pool.run('nope' as 'ds', enc, {})).rejects.toThrow(/unknown truth method "nope"/);
  });
});
