#!/usr/bin/env node
// The tally command. TypeScript runs through tsx's loader: no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
