import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../../test/harness.ts';

/** Every file of a zip, as text, read back with yauzl (a reader independent of the writer). */
function unzip(buf: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const files: Record<string, string> = {};
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const parts: Buffer[] = [];
          stream.on('data', (d: Buffer) => parts.push(d));
          stream.on('end', () => {
            files[entry.fileName] = Buffer.concat(parts).toString('utf8');
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(files));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const REGIONS_SCHEMA = {
  fields: [
    { name: 'cars', type: 'boxes', source: 'image', labels: ['car', 'bus'] },
    { name: 'areas', type: 'polygons', source: 'image', labels: ['road'], required: false },
  ],
};

describe(`COCO and YOLO exports (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let ownerToken: string;
  let annotator: Client;
  const project = async (schema: unknown, tasks: unknown[]) => {
    const p = await owner.post('/api/v1/projects', { name: `img${Math.random()}`, schema, overlapMin: 1, overlapMax: 1, targetConfidence: 0 });
    expect(p.status, p.text).toBe(201);
    expect((await owner.post(`/api/v1/projects/${p.body.id}/tasks`, tasks)).body.created).toBe(tasks.length);
    return p.body.id as number;
  };
  /** Claims and submits `count` tasks, each answered by its image URL. */
  const label = async (projectId: number, count: number, answers: Record<string, Record<string, unknown>>) => {
    const ids: Record<string, number> = {};
    for (let i = 0; i < count; i++) {
      const c = await annotator.post(`/api/v1/projects/${projectId}/claims`);
      expect(c.status).toBe(200);
      const s = await annotator.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: answers[c.body.task.data.image], activeMs: 900 });
      expect(s.status, s.text).toBeLessThan(300);
      ids[c.body.task.data.image] = c.body.task.id;
    }
    return ids;
  };
  const zipOf = async (url: string) => {
    const res = await t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ownerToken}` } });
    return { res, files: res.statusCode === 200 ? await unzip(res.rawPayload) : {} };
  };

  beforeAll(async () => {
    t = await testApp();
    const b = await bootstrap(t.app);
    owner = b.owner;
    ownerToken = b.token;
    annotator = (await addMember(t.app, owner, 'boxes@acme.test')).api;
  });
  afterAll(() => t.close());

  describe('a project with boxes and polygons, image sizes in the task data', () => {
    let id: number;
    let ids: Record<string, number>;
    beforeAll(async () => {
      id = await project(REGIONS_SCHEMA, [
        { uniqueId: 'a', data: { image: 'https://img.test/a.jpg', width: 200, height: 100 } },
        // As a CSV import gives them: strings.
        { uniqueId: 'b', data: { image: 'https://img.test/sub/b.png?sig=1', width: '400', height: '200' } },
        { uniqueId: 'open', data: { image: 'https://img.test/c.jpg', width: 10, height: 10 } },
      ]);
      ids = await label(id, 2, {
        'https://img.test/a.jpg': {
          cars: [{ x: 20, y: 10, width: 40, height: 40, label: 'bus' }],
          areas: [{ points: [[0, 0], [100, 0], [50, 100]], label: 'road' }],
        },
        'https://img.test/sub/b.png?sig=1': { cars: [{ x: 0, y: 0, width: 100, height: 50, label: 'car' }], areas: [] },
      });
    });

    it('coco: one JSON document with categories, an image per done task and an annotation per region', async () => {
      const res = await owner.get(`/api/v1/projects/${id}/results?format=coco`);
      expect(res.status, res.text).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toContain(`project-${id}-coco.json`);
      const coco = JSON.parse(res.text);
      expect(Object.keys(coco).sort()).toEqual(['annotations', 'categories', 'images', 'info', 'licenses']);
      expect(coco.info.description).toContain(`Tally project ${id}`);
      expect(coco.categories).toEqual([
        { id: 1, name: 'car', supercategory: '' },
        { id: 2, name: 'bus', supercategory: '' },
        { id: 3, name: 'road', supercategory: '' },
      ]);
      const a = ids['https://img.test/a.jpg'];
      const b = ids['https://img.test/sub/b.png?sig=1'];
      expect(coco.images).toEqual([
        { id: a, file_name: 'a.jpg', coco_url: 'https://img.test/a.jpg', width: 200, height: 100, unique_id: 'a' },
        { id: b, file_name: 'b.png', coco_url: 'https://img.test/sub/b.png?sig=1', width: 400, height: 200, unique_id: 'b' },
      ].sort((x, y) => x.id - y.id));
      const anns = coco.annotations.map(({ score, ...rest }: Record<string, unknown>) => {
        expect(score === undefined || typeof score === 'number').toBe(true);
        return rest;
      });
      const expected = [
        { image_id: a, category_id: 2, bbox: [20, 10, 40, 40], area: 1600, segmentation: [], iscrowd: 0, tally_field: 'cars' },
        // The triangle (0,0) (100,0) (50,100): base 100, height 100, area 5,000.
        { image_id: a, category_id: 3, bbox: [0, 0, 100, 100], area: 5000, segmentation: [[0, 0, 100, 0, 50, 100]], iscrowd: 0, tally_field: 'areas' },
        { image_id: b, category_id: 1, bbox: [0, 0, 100, 50], area: 5000, segmentation: [], iscrowd: 0, tally_field: 'cars' },
      ].sort((x, y) => x.image_id - y.image_id);
      expect(anns).toEqual(expected.map((e, i) => ({ id: i + 1, ...e })));
    });

    it('coco: fields= keeps only the named fields and their labels; status=open exports the unfinished task', async () => {
      const cars = JSON.parse((await owner.get(`/api/v1/projects/${id}/results?format=coco&fields=cars`)).text);
      expect(cars.categories.map((c: { name: string }) => c.name)).toEqual(['car', 'bus']);
      expect(cars.annotations.map((x: { tally_field: string }) => x.tally_field)).toEqual(['cars', 'cars']);
      const open = JSON.parse((await owner.get(`/api/v1/projects/${id}/results?format=coco&status=open`)).text);
      expect(open.images.map((i: { file_name: string }) => i.file_name)).toEqual(['c.jpg']);
      expect(open.annotations).toEqual([]);
      const wrong = await owner.get(`/api/v1/projects/${id}/results?format=coco&fields=cars,nope`);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.code).toBe('invalid_fields');
      expect(wrong.body.error.message).toContain('(cars, areas)');
    });

    it('yolo: a zip with data.yaml, images.csv and a label file per image, polygons and boxes as segments', async () => {
      const { res, files } = await zipOf(`/api/v1/projects/${id}/results?format=yolo`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('application/zip');
      expect(res.headers['content-disposition']).toContain(`project-${id}-yolo.zip`);
      const a = ids['https://img.test/a.jpg'];
      const b = ids['https://img.test/sub/b.png?sig=1'];
      expect(Object.keys(files).sort()).toEqual(['data.yaml', 'images.csv', `labels/${a}.txt`, `labels/${b}.txt`].sort());
      expect(files['data.yaml']).toContain('train: images\nval: images\nnc: 3\nnames:\n  0: "car"\n  1: "bus"\n  2: "road"\n');
      // Box 20..60 x 10..50 in 200x100 as its corners; the triangle divided by the size.
      expect(files[`labels/${a}.txt`]).toBe('1 0.1 0.1 0.3 0.1 0.3 0.5 0.1 0.5\n2 0 0 0.5 0 0.25 1\n');
      expect(files[`labels/${b}.txt`]).toBe('0 0 0 0.25 0 0.25 0.25 0 0.25\n');
      const rows = files['images.csv'].trimEnd().split('\n');
      expect(rows[0]).toBe('image,label,image_url,task_id,unique_id,width,height');
      expect(rows.slice(1).sort()).toEqual(
        [`images/${a}.jpg,labels/${a}.txt,https://img.test/a.jpg,${a},a,200,100`, `images/${b}.png,labels/${b}.txt,https://img.test/sub/b.png?sig=1,${b},b,400,200`].sort(),
      );
    });

    it('yolo: boxes alone give detection lines class cx cy w h', async () => {
      const { res, files } = await zipOf(`/api/v1/projects/${id}/results?format=yolo&fields=cars`);
      expect(res.statusCode).toBe(200);
      expect(files['data.yaml']).toContain('nc: 2\n');
      // Centre (40, 30) of 200x100 -> 0.2 0.3, size 40x40 -> 0.2 0.4; centre (50, 25) of 400x200 -> 0.125 0.125.
      expect(files[`labels/${ids['https://img.test/a.jpg']}.txt`]).toBe('1 0.2 0.3 0.2 0.4\n');
      expect(files[`labels/${ids['https://img.test/sub/b.png?sig=1']}.txt`]).toBe('0 0.125 0.125 0.25 0.25\n');
    });

    it('answers 404 to another org', async () => {
      const other = await secondOrg(t.app, owner, `Other${Math.random()}`);
      for (const format of ['coco', 'yolo']) {
        const res = await other.owner.get(`/api/v1/projects/${id}/results?format=${format}`);
        expect(res.status).toBe(404);
        expect(res.text).not.toContain('img.test');
      }
    });
  });

  it('image sizes: 422 image_size_unknown naming the tasks before any byte, imageSize= as the size of every image', async () => {
    const id = await project({ fields: [{ name: 'boxes', type: 'boxes', source: 'image', labels: ['x'] }] }, [
      { data: { image: 'https://img.test/1.jpg' } },
      { data: { image: 'https://img.test/2.jpg' } },
      { data: { image: 'https://img.test/3.jpg', width: 50, height: 25 } },
    ]);
    const ids = await label(id, 3, {
      'https://img.test/1.jpg': { boxes: [{ x: 10, y: 5, width: 20, height: 10, label: 'x' }] },
      'https://img.test/2.jpg': { boxes: [] },
      'https://img.test/3.jpg': { boxes: [{ x: 0, y: 0, width: 25, height: 25, label: 'x' }] },
    });
    const res = await owner.get(`/api/v1/projects/${id}/results?format=yolo`);
    expect(res.status).toBe(422);
    // Only the task with boxes needs a size: an empty label file needs none.
    expect(res.body.error).toMatchObject({ code: 'image_size_unknown', taskIds: [ids['https://img.test/1.jpg']], count: 1 });
    expect(res.body.error.message).toContain('data.width and data.height');
    expect(res.body.error.message).toContain('imageSize=WIDTHxHEIGHT');
    // COCO in pixels needs no size.
    expect((await owner.get(`/api/v1/projects/${id}/results?format=coco`)).status).toBe(200);

    const { res: ok, files } = await zipOf(`/api/v1/projects/${id}/results?format=yolo&imageSize=100x50`);
    expect(ok.statusCode).toBe(200);
    expect(files[`labels/${ids['https://img.test/1.jpg']}.txt`]).toBe('0 0.2 0.2 0.2 0.2\n');
    expect(files[`labels/${ids['https://img.test/2.jpg']}.txt`]).toBe('');
    // The task's own size wins over imageSize: 25x25 of 50x25.
    expect(files[`labels/${ids['https://img.test/3.jpg']}.txt`]).toBe('0 0.25 0.5 0.5 1\n');

    const bad = await owner.get(`/api/v1/projects/${id}/results?format=yolo&imageSize=100`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('WIDTHxHEIGHT');
    const notFractions = await owner.get(`/api/v1/projects/${id}/results?format=yolo&units=fractions`);
    expect(notFractions.status).toBe(422);
    expect(notFractions.body.error).toMatchObject({ code: 'coordinates_not_fractions', count: 2 });
  });

  it('units=fractions: YOLO writes them as they are, COCO multiplies them by the size it needs', async () => {
    const id = await project({ fields: [{ name: 'boxes', type: 'boxes', source: 'image', labels: ['x'] }] }, [
      { data: { image: 'https://img.test/f1.jpg' } },
      { data: { image: 'https://img.test/f2.jpg', width: 1000, height: 500 } },
    ]);
    const ids = await label(id, 2, {
      'https://img.test/f1.jpg': { boxes: [{ x: 0.5, y: 0.25, width: 0.25, height: 0.5, label: 'x' }] },
      'https://img.test/f2.jpg': { boxes: [{ x: 0.1, y: 0.2, width: 0.3, height: 0.4, label: 'x' }] },
    });
    const { res, files } = await zipOf(`/api/v1/projects/${id}/results?format=yolo&units=fractions`);
    expect(res.statusCode).toBe(200);
    expect(files[`labels/${ids['https://img.test/f1.jpg']}.txt`]).toBe('0 0.625 0.5 0.25 0.5\n');
    expect(files[`labels/${ids['https://img.test/f2.jpg']}.txt`]).toBe('0 0.25 0.4 0.3 0.4\n');

    const noSize = await owner.get(`/api/v1/projects/${id}/results?format=coco&units=fractions`);
    expect(noSize.status).toBe(422);
    expect(noSize.body.error).toMatchObject({ code: 'image_size_unknown', taskIds: [ids['https://img.test/f1.jpg']] });
    const coco = JSON.parse((await owner.get(`/api/v1/projects/${id}/results?format=coco&units=fractions&imageSize=200x100`)).text);
    expect(coco.annotations.map((a: { bbox: number[] }) => a.bbox)).toEqual([
      [100, 25, 50, 50],
      [100, 100, 300, 200],
    ]);
    expect(coco.images.map((i: { width: number }) => i.width)).toEqual([200, 1000]);
  });

  it('answers 400 for a schema without boxes or polygons, and for fields over different images', async () => {
    const plain = await project(SENTIMENT_SCHEMA, [{ data: { text: 'fine' } }]);
    for (const format of ['coco', 'yolo']) {
      const res = await owner.get(`/api/v1/projects/${plain}/results?format=${format}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('format_not_applicable');
      expect(res.body.error.message).toContain('boxes or polygons');
    }
    const two = await project(
      {
        fields: [
          { name: 'full', type: 'boxes', source: 'image', labels: ['x'] },
          { name: 'thumbs', type: 'polygons', source: 'thumb', labels: ['y'] },
        ],
      },
      [{ data: { image: 'https://img.test/big.jpg', thumb: 'https://img.test/small.jpg', width: 10, height: 10 } }],
    );
    const mixed = await owner.get(`/api/v1/projects/${two}/results?format=coco`);
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.code).toBe('mixed_image_sources');
    expect(mixed.body.error.message).toContain('fields=full');
    expect((await owner.get(`/api/v1/projects/${two}/results?format=coco&fields=thumbs`)).status).toBe(200);
  });
});
