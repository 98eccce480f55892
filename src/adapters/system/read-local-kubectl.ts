import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tryParseVersion, type KubeVersion } from '../../core/version/index.js';

const run = promisify(execFile);

/**
 * The version of the operator's own kubectl (the one on PATH, or `kubectl` given), for the
 * "kubectl within one minor" rule; undefined when there is none or it does not answer.
 */
export async function readLocalKubectl(kubectl = 'kubectl', env: NodeJS.ProcessEnv = process.env): Promise<KubeVersion | undefined> {
  try {
    const { stdout } = await run(kubectl, ['version', '--client', '-o', 'json'], { timeout: 5_000, env });
    const parsed = JSON.parse(stdout) as { clientVersion?: { gitVersion?: string } };
    return parsed.clientVersion?.gitVersion ? tryParseVersion(parsed.clientVersion.gitVersion) : undefined;
  } catch {
    return undefined;
  }
}
