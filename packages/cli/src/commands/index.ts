import type { Command } from 'commander';

/** Each command module exports one `register` function; add yours to this list (keep it alphabetical). */
export type RegisterCommand = (program: Command) => void;

export const commands: RegisterCommand[] = [];
