// Runs truth inference off the event loop. Plain JS so Node can start it as a
// worker thread; it registers tsx itself to load the TypeScript core.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { inferTruth } = await import('../../core/quality/index.ts');

parentPort.on('message', ({ id, method, enc, options }) => {
  try {
    parentPort.postMessage({ id, result: inferTruth(method, enc, options) });
  } catch (err) {
    parentPort.postMessage({ id, error: { message: err.message, name: err.name } });
  }
});
