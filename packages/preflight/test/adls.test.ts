import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AzuriteServer, startAzurite } from '../../../testing/fixtures/azure/azurite.js';
import { adlsCheck } from '../src/checks/adls.js';
import type { AdlsStorageProfile } from '../src/profiles.js';
import { runCheck } from './helpers.js';

describe('storage.adls against Azurite (Azure Blob emulator that verifies shared keys and SAS)', () => {
  let azurite: AzuriteServer;
  let profile: AdlsStorageProfile;
  let secrets: Record<string, string>;
  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.createContainer('lake');
    profile = {
      type: 'adls',
      account: azurite.account,
      container: 'lake',
      prefix: 'warehouse',
      endpoint: azurite.endpoint,
      credentials: { account_key: 'env:AZ_KEY' },
    };
    secrets = { 'env:AZ_KEY': azurite.key };
  });
  afterAll(() => azurite?.stop());

  it('passes: container exists, probe blob written, read and deleted', async () => {
    const result = await runCheck(adlsCheck, profile, secrets);
    expect(result.status, result.message).toBe('ok');
    expect(result.details.steps).toEqual(['container', 'write', 'read', 'delete']);
  });

  it('recognises a wrong account key', async () => {
    const result = await runCheck(adlsCheck, profile, { 'env:AZ_KEY': Buffer.from('x'.repeat(64)).toString('base64') });
    expect(result.details.failure).toBe('unauthorized');
    expect(result.message).toContain('rejected the credentials');
    expect(result.remediation).toContain('storage.test.credentials');
  });

  it('recognises a missing container', async () => {
    const result = await runCheck(adlsCheck, { ...profile, container: 'missing' }, secrets);
    expect(result.details.failure).toBe('not-found');
    expect(result.remediation).toContain('Create the container');
  });

  it('recognises read-only credentials (a SAS with read and list only)', async () => {
    const result = await runCheck(
      adlsCheck,
      { ...profile, credentials: { sas_token: 'env:AZ_SAS' } },
      { 'env:AZ_SAS': azurite.readOnlySas },
    );
    expect(result.details.failure, result.message).toBe('read-only');
    expect(result.details.steps).toEqual(['container']);
  });

  it('recognises a forged SAS token', async () => {
    const forged = new URLSearchParams(azurite.readOnlySas);
    forged.set('sig', Buffer.from('y'.repeat(32)).toString('base64'));
    const result = await runCheck(
      adlsCheck,
      { ...profile, credentials: { sas_token: 'env:AZ_SAS' } },
      { 'env:AZ_SAS': forged.toString() },
    );
    expect(result.details.failure).toBe('unauthorized');
  });
});
