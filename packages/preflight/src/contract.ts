import type { CheckStatus, ServiceGroup } from './report.js';

/** What every check receives besides its profile. */
export interface CheckContext {
  /** Aborted when the check's time is up; pass it to every I/O call. */
  signal: AbortSignal;
  timeoutMs: number;
  /** `--deep`: also create and drop scratch objects (tables, namespaces). */
  deep: boolean;
  /** The value of a secret reference (resolved before the run; never print it). */
  secret(ref: string): string;
  /** Scrubs resolved secret values from text. */
  redact(text: string): string;
  /** Absolute project directory; relative paths in the platform file resolve against it. */
  projectDir: string;
  /** Where the profile sits in platform.yaml, e.g. `storage.lake` (for messages). */
  field: string;
}

/** What a check reports. `remediation` is required for every status but ok. */
export interface CheckOutcome {
  status: CheckStatus;
  message: string;
  remediation?: string;
  details?: Record<string, unknown>;
}

/** A check implementation: one module per kind of service, looked up by id in the registry. */
export interface CheckDefinition<P> {
  id: string;
  group: ServiceGroup;
  /** Secret references the profile uses (resolved before any check runs). */
  secretRefs(profile: P): string[];
  /**
   * Loads code the check needs (a client library) before its time starts, so a slow import does not eat the
   * timeout meant for the service. Optional; `run` must also work without it.
   */
  prepare?(): Promise<void>;
  run(profile: P, ctx: CheckContext): Promise<CheckOutcome>;
}

/** One check bound to its profile, ready to run. */
export interface PlannedCheck {
  /** "<group>/<profile>" */
  service: string;
  /** The check id. */
  name: string;
  group: ServiceGroup;
  secretRefs: string[];
  /** See CheckDefinition.prepare. */
  prepare?: () => Promise<void>;
  run(ctx: RunContext): Promise<CheckOutcome>;
}

/** Where each group's profiles sit in platform.yaml. */
const PLATFORM_KEYS: Record<ServiceGroup, string> = {
  compute: 'compute',
  storage: 'storage',
  catalog: 'catalogs',
  postgres: 'orchestration',
  services: 'services',
};

/** Runner-provided context; `field` is added by the planned check. */
export type RunContext = Omit<CheckContext, 'field'>;

/** Binds a check to a profile. `field` is where the profile sits in platform.yaml (default `<group>.<name>`). */
export function plan<P>(definition: CheckDefinition<P>, profileName: string, profile: P, field?: string): PlannedCheck {
  const prepare = definition.prepare?.bind(definition);
  return {
    service: `${definition.group}/${profileName}`,
    name: definition.id,
    group: definition.group,
    secretRefs: definition.secretRefs(profile),
    ...(prepare ? { prepare } : {}),
    run: (ctx) =>
      definition.run(profile, { ...ctx, field: field ?? `${PLATFORM_KEYS[definition.group]}.${profileName}` }),
  };
}
