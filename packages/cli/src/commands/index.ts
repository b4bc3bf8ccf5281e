import type { Command } from 'commander';
import type { Io } from '../output.js';
import { register as compile } from './compile.js';
import { register as demo } from './demo.js';
import { register as generate } from './generate.js';
import { register as init } from './init.js';
import { register as preflight } from './preflight.js';
import { register as publish } from './publish.js';
import { register as schema } from './schema.js';
import { register as trigger } from './trigger.js';
import { register as validate } from './validate.js';

/**
 * Each command module exports one `register` function; add yours to this list (keep it alphabetical).
 * `io` is where the command writes (tests pass their own); modules may ignore it and use `processIo`.
 */
export type RegisterCommand = (program: Command, io: Io) => void;

export const commands: RegisterCommand[] = [
  compile,
  demo,
  generate,
  init,
  preflight,
  publish,
  schema,
  trigger,
  validate,
];
