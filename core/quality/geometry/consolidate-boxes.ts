import { QualityInputError } from '../errors.ts';
import { checkBox, rotatedBoxIou, type RotatedBox } from './box-iou.ts';

/** A box drawn by an annotator (possibly rotated about its top-left corner), with an optional class label. */
export interface LabeledBox extends RotatedBox {
  label?: string;
}

/** Options of {@link consolidateBoxes}. */
export interface ConsolidateOptions {
  /** Minimum IoU for a box to join a cluster. Default 0.5. */
  iouThreshold?: number;
  /** Share of annotators a cluster needs to be kept, in [0, 1]. Default 0.5 (half of them). */
  minShare?: number;
  /** Let boxes with different labels cluster (the label is then voted). Default false. */
  matchAcrossLabels?: boolean;
}

/** One consolidated box. */
export interface ConsolidatedBox extends LabeledBox {
  /** (annotators in the cluster / all annotators) x mean IoU of the members with this box. */
  confidence: number;
  /** Indices of the annotators whose boxes formed the cluster. */
  annotators: number[];
  /** Mean IoU of the member boxes with the consolidated box. */
  meanIou: number;
}

interface Cluster {
  members: LabeledBox[];
  annotators: number[];
  mean: RotatedBox;
  label?: string;
}

/**
 * The members' mean box. Unturned boxes average their coordinates. Once a
 * member is turned, one region has several spellings (a box turned 90° with
 * width and height swapped, or 180° about its opposite corner, covers the
 * same pixels), so each member is first rewritten in the spelling closest to
 * the first member's angle (a quarter turn more or less, swapping width and
 * height at odd quarters); then centres, sizes and angles are averaged
 * (angles as angles: 350° and 10° give 0°) and the corner is placed back.
 * The mean has a `rotation` only when some member is turned.
 */
function meanBox(boxes: readonly RotatedBox[]): RotatedBox {
  const n = boxes.length;
  if (boxes.every((b) => !(b.rotation ?? 0))) {
    const m = { x: 0, y: 0, width: 0, height: 0 };
    for (const b of boxes) {
      m.x += b.x / n;
      m.y += b.y / n;
      m.width += b.width / n;
      m.height += b.height / n;
    }
    return m;
  }
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const ref = boxes[0].rotation ?? 0;
  let cx = 0;
  let cy = 0;
  let width = 0;
  let height = 0;
  let sin = 0;
  let cos = 0;
  for (const b of boxes) {
    const t = b.rotation ?? 0;
    // The centre does not depend on the spelling (y points down; clockwise turns, as boxCorners).
    cx += (b.x + (b.width / 2) * Math.cos(rad(t)) - (b.height / 2) * Math.sin(rad(t))) / n;
    cy += (b.y + (b.width / 2) * Math.sin(rad(t)) + (b.height / 2) * Math.cos(rad(t))) / n;
    // Quarter turns k that bring t nearest the reference angle.
    const k = ((Math.round((ref - t) / 90) % 4) + 4) % 4;
    const odd = k % 2 === 1;
    width += (odd ? b.height : b.width) / n;
    height += (odd ? b.width : b.height) / n;
    sin += Math.sin(rad(t + 90 * k));
    cos += Math.cos(rad(t + 90 * k));
  }
  let deg = (Math.atan2(sin, cos) * 180) / Math.PI;
  if (Math.abs(deg) < 1e-9) deg = 0;
  const rotation = deg < 0 ? deg + 360 : deg;
  const x = cx - (width / 2) * Math.cos(rad(rotation)) + (height / 2) * Math.sin(rad(rotation));
  const y = cy - (width / 2) * Math.sin(rad(rotation)) - (height / 2) * Math.cos(rad(rotation));
  return { x, y, width, height, rotation };
}

/**
 * Consolidates several annotators' boxes for one image into one set, in the
 * spirit of SageMaker Ground Truth's bounding-box consolidation: annotators
 * are taken in order; each one's boxes are matched one-to-one to the current
 * clusters (greedily by highest IoU with the cluster's mean box, at least
 * `iouThreshold`, same label unless `matchAcrossLabels`); unmatched boxes
 * open new clusters. A cluster's box is the mean of its members'
 * coordinates (and rotations, for turned boxes, whose IoU is that of their
 * corner polygons); clusters drawn by fewer than `minShare` of the annotators are
 * dropped. Confidence = share of annotators x mean IoU with the result.
 * Output is sorted by confidence, highest first.
 *
 * @param annotations one array of boxes per annotator (an empty array = "nothing here").
 */
export function consolidateBoxes(
  annotations: ReadonlyArray<readonly LabeledBox[]>,
  options: ConsolidateOptions = {},
): ConsolidatedBox[] {
  if (annotations.length === 0) throw new QualityInputError('consolidateBoxes: no annotators');
  const threshold = options.iouThreshold ?? 0.5;
  const minShare = options.minShare ?? 0.5;
  const clusters: Cluster[] = [];
  annotations.forEach((boxes, annotator) => {
    boxes.forEach(checkBox);
    const candidates: Array<{ iou: number; box: number; cluster: number }> = [];
    boxes.forEach((b, bi) => {
      clusters.forEach((c, ci) => {
        if (!options.matchAcrossLabels && c.label !== b.label) return;
        const iou = rotatedBoxIou(b, c.mean);
        if (iou >= threshold) candidates.push({ iou, box: bi, cluster: ci });
      });
    });
    // Greedy one-to-one assignment, best IoU first; ties by box then cluster index.
    candidates.sort((p, q) => q.iou - p.iou || p.box - q.box || p.cluster - q.cluster);
    const boxUsed = new Uint8Array(boxes.length);
    const clusterUsed = new Uint8Array(clusters.length);
    const joins: Array<[number, number]> = [];
    for (const c of candidates) {
      if (boxUsed[c.box] || clusterUsed[c.cluster]) continue;
      boxUsed[c.box] = 1;
      clusterUsed[c.cluster] = 1;
      joins.push([c.box, c.cluster]);
    }
    for (const [bi, ci] of joins) {
      const c = clusters[ci];
      c.members.push(boxes[bi]);
      c.annotators.push(annotator);
      c.mean = meanBox(c.members);
    }
    boxes.forEach((b, bi) => {
      if (!boxUsed[bi]) clusters.push({ members: [b], annotators: [annotator], mean: meanBox([b]), label: b.label });
    });
  });
  const out: ConsolidatedBox[] = [];
  for (const c of clusters) {
    const share = c.annotators.length / annotations.length;
    if (share < minShare) continue;
    const meanIou = c.members.reduce((s, b) => s + rotatedBoxIou(b, c.mean), 0) / c.members.length;
    const result: ConsolidatedBox = { ...c.mean, confidence: share * meanIou, annotators: c.annotators, meanIou };
    const label = voteLabel(c.members);
    if (label !== undefined) result.label = label;
    out.push(result);
  }
  return out.sort((p, q) => q.confidence - p.confidence);
}

/** Most frequent label among the members; ties go to the label seen first. */
function voteLabel(members: readonly LabeledBox[]): string | undefined {
  const counts = new Map<string, number>();
  for (const b of members) if (b.label !== undefined) counts.set(b.label, (counts.get(b.label) ?? 0) + 1);
  let best: string | undefined;
  for (const [label, n] of counts) if (best === undefined || n > counts.get(best)!) best = label;
  return best;
}
