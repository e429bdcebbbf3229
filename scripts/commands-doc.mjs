// Writes docs/commands.md (or prints it with --stdout): the reference of every bundled command.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const emptyDataHome = mkdtempSync(join(tmpdir(), 'logto-docs-'));
try {
  const { commandsMarkdown } = createRequire(import.meta.url)(join(ROOT, 'dist', 'logto.js'));
  const markdown = await commandsMarkdown(emptyDataHome);
  if (process.argv.includes('--stdout')) process.stdout.write(markdown);
  else writeFileSync(join(ROOT, 'docs', 'commands.md'), markdown);
} finally {
  rmSync(emptyDataHome, { recursive: true, force: true });
}
