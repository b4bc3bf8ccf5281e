#!/usr/bin/env node
// Runs one floe command for Dagster Pipes and reports its --json result as asset materializations.
import { pipesMain } from '../dist/pipes/main.js';

process.exitCode = await pipesMain(process.argv.slice(2));
