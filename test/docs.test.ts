import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

describe('docs/commands.md', () => {
  it('is what `npm run docs` generates from the bundled commands (run it when this fails)', () => {
    const generated = spawnSync(process.execPath, [join(ROOT, 'scripts', 'commands-doc.mjs'), '--stdout'], { encoding: 'utf8' });
    expect(generated.status, generated.stderr).toBe(0);
    expect(generated.stdout).toContain('## logto my-account get-profile\n');
    expect(generated.stdout).toContain('## logto auth login\n');
    expect(readFileSync(join(ROOT, 'docs', 'commands.md'), 'utf8')).toBe(generated.stdout);
  });
});
