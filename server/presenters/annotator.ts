/** One annotator on a project: who, how much, and their quality record (absent until gold or a refit). */
export interface AnnotatorRow {
  user_id: number;
  name: string;
  email: string;
  annotations: number;
  gold_seen: number | null;
  gold_correct: number | null;
  accuracy: number | null;
  estimated_accuracy: number | null;
  state: string | null;
  reason: string | null;
}

export function presentAnnotator(a: AnnotatorRow) {
  return {
    userId: a.user_id,
    name: a.name,
    email: a.email,
    annotations: a.annotations,
    goldSeen: a.gold_seen ?? 0,
    goldCorrect: a.gold_correct ?? 0,
    goldAccuracy: a.accuracy,
    estimatedAccuracy: a.estimated_accuracy,
    state: a.state ?? 'active',
    pausedReason: a.reason,
  };
}
