import type { EncodeOptions } from './encode.ts';

/** The truth-inference methods {@link inferTruth} knows. */
export type TruthMethod = 'mv' | 'wmv' | 'ds' | 'one-coin' | 'glad' | 'mace';

/** Options every method accepts; each method documents its own extras and defaults. */
export interface TruthOptions extends EncodeOptions {
  /** Stop when the objective improves by less than this (per answer). */
  tol?: number;
  /** Hard cap on EM iterations. */
  maxIter?: number;
}

/** The inferred label of one item. */
export interface ItemTruth {
  /** Most probable label; ties go to the label first in `labels` order. */
  label: string;
  /** Posterior probability of `label`. */
  confidence: number;
  /** Posterior probability of every label (sums to 1). */
  posterior: Record<string, number>;
  /** GLAD only: item difficulty 1/beta (higher is harder). */
  difficulty?: number;
}

/** What a method learned about one worker. */
export interface WorkerQuality {
  /**
   * Estimated probability that this worker's answer is correct, in [0, 1]
   * (for MACE: the probability that they are not spamming).
   */
  quality: number;
  /** Answers counted for this worker (after de-duplication). */
  answers: number;
  /** DS / one-coin: P(observed label | true label), rows = true label, columns = observed, in `labels` order. */
  confusion?: number[][];
  /** WMV: the weight this worker's answers counted with. */
  weight?: number;
  /** GLAD: ability alpha (negative = adversarial). */
  ability?: number;
  /** MACE: distribution of labels given when spamming. */
  strategy?: Record<string, number>;
}

/** Result of any truth-inference method. Deterministic given the inputs. */
export interface TruthResult {
  method: TruthMethod;
  /** Label order used for posteriors and ties. */
  labels: string[];
  /** Items that have at least one answer, in order of first appearance. */
  items: Map<string, ItemTruth>;
  /** Every worker, in order of first appearance. */
  workers: Map<string, WorkerQuality>;
  /** EM iterations run (0 for MV / WMV). */
  iterations: number;
  /** False when `maxIter` stopped the method before `tol` did. */
  converged: boolean;
}

/**
 * Raw output of a method on encoded answers: `posterior` is items x labels,
 * row-major, each row summing to 1.
 */
export interface RawTruth {
  posterior: Float64Array;
  workerQuality: Float64Array;
  iterations: number;
  converged: boolean;
  confusion?: Float64Array;
  ability?: Float64Array;
  weight?: Float64Array;
  difficulty?: Float64Array;
  strategy?: Float64Array;
}
