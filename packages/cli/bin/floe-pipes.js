#!/usr/bin/env node
// floe for Dagster Pipes: runs one floe command (in this process) and reports its --json result as materializations.
import { pipesMain } from '../dist/pipes.js';

process.exitCode = await pipesMain(process.argv.slice(2));
