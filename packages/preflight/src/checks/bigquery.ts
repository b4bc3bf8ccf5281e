import type { CheckDefinition } from '../contract.js';
import { CheckFailure } from '../failure.js';
import { parseServiceAccountKey, serviceAccountToken } from '../net/google-auth.js';
import { httpRequest, httpStatusFailure } from '../net/http.js';
import type { BigqueryComputeProfile } from '../profiles.js';

export interface BigqueryCheckOptions {
  /** BigQuery API base URL (default https://bigquery.googleapis.com). */
  apiBase?: string;
}

const SCOPE = 'https://www.googleapis.com/auth/bigquery';

/** Credentials, dataset visible, and a dry-run query. Key-file (service-account) credentials only. */
export function bigqueryCheck(options: BigqueryCheckOptions = {}): CheckDefinition<BigqueryComputeProfile> {
  const api = (options.apiBase ?? 'https://bigquery.googleapis.com').replace(/\/+$/, '');
  return {
    id: 'compute.bigquery',
    group: 'compute',
    secretRefs: (p) => (p.keyfile ? [p.keyfile] : []),
    async run(profile, ctx) {
      const details: Record<string, unknown> = {
        project: profile.project,
        dataset: profile.dataset,
        location: profile.location,
      };
      if (!profile.keyfile) {
        return {
          status: 'skipped',
          message: 'BigQuery with application-default credentials (method oauth) is not verified by preflight',
          remediation: `Set method: service-account and ${ctx.field}.keyfile to let preflight test BigQuery, or run "gcloud auth application-default login" and check by hand.`,
          details,
        };
      }
      const key = parseServiceAccountKey(ctx.secret(profile.keyfile), `${ctx.field}.keyfile`);
      const token = await serviceAccountToken(key, SCOPE, ctx, `${ctx.field}.keyfile`);
      const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const projectPath = `${api}/bigquery/v2/projects/${encodeURIComponent(profile.project)}`;
      const dataset = await httpRequest(
        `${projectPath}/datasets/${encodeURIComponent(profile.dataset)}`,
        { headers },
        ctx,
        `${ctx.field}.project`,
      );
      if (dataset.status === 404) {
        throw new CheckFailure(
          'not-found',
          `dataset ${profile.project}.${profile.dataset} does not exist (or is invisible to ${key.client_email})`,
          `Create the dataset (bq mk --location=${profile.location} ${profile.project}:${profile.dataset}) or grant ${key.client_email} BigQuery Data Editor on it.`,
          { details },
        );
      }
      if (dataset.status === 403) {
        throw new CheckFailure(
          'forbidden',
          `${key.client_email} may not read dataset ${profile.project}.${profile.dataset} (HTTP 403)`,
          `Grant ${key.client_email} roles/bigquery.dataEditor on the dataset and roles/bigquery.jobUser on project ${profile.project}.`,
          { details },
        );
      }
      if (dataset.status !== 200)
        throw httpStatusFailure(dataset, 'BigQuery datasets.get', `${ctx.field}.project`, `${ctx.field}.keyfile`);
      const job = await httpRequest(
        `${projectPath}/jobs`,
        {
          method: 'POST',
          headers,
          body: JSON.stringify({
            configuration: { dryRun: true, query: { query: 'SELECT 1', useLegacySql: false } },
            jobReference: { location: profile.location },
          }),
        },
        ctx,
        `${ctx.field}.project`,
      );
      if (job.status === 403) {
        throw new CheckFailure(
          'forbidden',
          `${key.client_email} may not run query jobs in project ${profile.project} (HTTP 403)`,
          `Grant ${key.client_email} roles/bigquery.jobUser on project ${profile.project}.`,
          { details },
        );
      }
      if (job.status !== 200)
        throw httpStatusFailure(job, 'BigQuery dry-run query', `${ctx.field}.project`, `${ctx.field}.keyfile`);
      return {
        status: 'ok',
        message: `BigQuery: ${key.client_email} sees ${profile.project}.${profile.dataset}; dry-run query ok`,
        details,
      };
    },
  };
}
