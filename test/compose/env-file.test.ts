import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEnvFile, loadEnvFile } from '../../src/compose/env-file.js';
import { removeTempDirs, tempDir } from '../support/run-cli.js';

afterAll(removeTempDirs);

describe('loadEnvFile', () => {
  it('fills what is not exported, keeps what is, fills an exported empty value, and describes it without values', async () => {
    const file = path.join(await tempDir('envfile'), '.env');
    await writeFile(file, '# comment\nAPI_TOKEN="s3cret value"\nPORT=4000\nHOST=0.0.0.0\nexport CORS_ORIGINS=https://a.example\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000', API_TOKEN: '' };
    const r = loadEnvFile(env, file);
    expect(env).toEqual({ PORT: '5000', API_TOKEN: 's3cret value', HOST: '0.0.0.0', CORS_ORIGINS: 'https://a.example' });
    expect(r.kept).toEqual(['PORT']);
    expect([...r.applied].sort()).toEqual(['API_TOKEN', 'CORS_ORIGINS', 'HOST']);
    const line = describeEnvFile(r) as string;
    expect(line).toMatch(/exported values kept for PORT$/);
    expect(line).not.toContain('s3cret');
  });

  it('is silent when there is no .env', async () => {
    const env: NodeJS.ProcessEnv = {};
    const r = loadEnvFile(env, path.join(await tempDir('envfile'), '.env'));
    expect(r).toEqual({ file: null, applied: [], kept: [] });
    expect(describeEnvFile(r)).toBeNull();
    expect(env).toEqual({});
  });
});
