import fc from 'fast-check';

/**
 * Property tests run with a fixed seed by default, so a CI run is
 * reproducible and a landing never depends on luck. Set FC_SEED to another
 * number, or to "random", to explore new inputs (do it when changing
 * validation code); a failure prints the seed and path to replay it.
 */
const seed = process.env.FC_SEED;
if (seed !== 'random') fc.configureGlobal({ seed: seed ? Number(seed) : 20_261_123 });
