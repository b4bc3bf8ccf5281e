import { appendFileSync, readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { z } from 'zod';

/**
 * The external side of the Dagster Pipes protocol (version 0.1), floe's own implementation: the orchestrator passes
 * two parameters as base64(zlib(JSON)) in DAGSTER_PIPES_CONTEXT and DAGSTER_PIPES_MESSAGES; messages go back as one
 * JSON object per line to the file (or stream) the messages parameter names.
 */
export const PIPES_VERSION = '0.1';
export const CONTEXT_ENV = 'DAGSTER_PIPES_CONTEXT';
export const MESSAGES_ENV = 'DAGSTER_PIPES_MESSAGES';

const contextSchema = z.looseObject({
  asset_keys: z.array(z.string()).nullable().optional(),
  run_id: z.string().optional(),
  job_name: z.string().nullable().optional(),
  retry_number: z.number().optional(),
});
export type PipesContext = z.infer<typeof contextSchema>;

const messagesSchema = z.union([
  z.looseObject({ path: z.string() }),
  z.looseObject({ stdio: z.enum(['stdout', 'stderr']) }),
]);
export type PipesMessagesTarget = z.infer<typeof messagesSchema>;

export function decodeParam(value: string): unknown {
  return JSON.parse(inflateSync(Buffer.from(value, 'base64')).toString('utf8'));
}

export interface PipesParams {
  context: PipesContext;
  messages: PipesMessagesTarget;
}

/** The Pipes parameters of this process, or undefined when it was not started by Dagster Pipes. */
export function pipesParamsFromEnv(env: Record<string, string | undefined> = process.env): PipesParams | undefined {
  const context = env[CONTEXT_ENV];
  const messages = env[MESSAGES_ENV];
  if (!context || !messages) return undefined;
  return {
    context: contextSchema.parse(loadContext(decodeParam(context))),
    messages: messagesSchema.parse(decodeParam(messages)),
  };
}

/** The context parameter is the context itself or, with Dagster's default injector, `{"path": FILE}` holding it. */
function loadContext(param: unknown): unknown {
  if (
    param &&
    typeof param === 'object' &&
    'path' in param &&
    typeof param.path === 'string' &&
    !('asset_keys' in param)
  ) {
    return JSON.parse(readFileSync(param.path, 'utf8'));
  }
  return param;
}

export type MetadataValue = string | number | boolean | null | Record<string, unknown> | unknown[];

export interface PipesMessage {
  __dagster_pipes_version: string;
  method: 'opened' | 'closed' | 'log' | 'report_asset_materialization' | 'report_custom_message';
  params: Record<string, unknown> | null;
}

/** Writes protocol messages to the target the orchestrator chose. */
export class PipesWriter {
  readonly #target: PipesMessagesTarget;

  constructor(target: PipesMessagesTarget) {
    this.#target = target;
  }

  #write(method: PipesMessage['method'], params: Record<string, unknown> | null): void {
    const line = `${JSON.stringify({ __dagster_pipes_version: PIPES_VERSION, method, params })}\n`;
    const target = this.#target;
    if (typeof target.path === 'string') appendFileSync(target.path, line);
    else if (target.stdio === 'stdout') process.stdout.write(line);
    else process.stderr.write(line);
  }

  opened(): void {
    this.#write('opened', { extras: {} });
  }

  log(message: string, level: 'INFO' | 'WARNING' | 'ERROR' = 'INFO'): void {
    this.#write('log', { message, level });
  }

  materialization(assetKey: string, metadata: Record<string, MetadataValue>, dataVersion?: string): void {
    const typed = Object.fromEntries(
      Object.entries(metadata).map(([key, value]) => [key, { raw_value: value, type: '__infer__' }]),
    );
    this.#write('report_asset_materialization', {
      asset_key: assetKey,
      metadata: typed,
      data_version: dataVersion ?? null,
    });
  }

  closed(error?: { message: string; name?: string }): void {
    this.#write(
      'closed',
      error
        ? {
            exception: {
              message: error.message,
              name: error.name ?? 'FloeError',
              stack: [],
              cause: null,
              context: null,
            },
          }
        : {},
    );
  }
}
