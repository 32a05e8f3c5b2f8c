export { aggregateTask, type TaskAnnotation, type TaskResult, type FieldResult } from './aggregate-task.ts';
export { aggregateField, isInferable, labelOf, type FieldAnswer } from './field-aggregators.ts';
export { fieldModelFrom, posteriorFromModel, type FieldModel } from './field-model.ts';
export { scoreGold, fieldMatchesGold, MATCH_THRESHOLD } from './gold-score.ts';
