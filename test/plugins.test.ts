// A user's own oclif plugin, listed in $XDG_DATA_HOME/logto/package.json as the README shows: its
// command runs and shows in help beside ours. It is built on the unbundled @oclif/core, as a
// plugin with its own dependency would be, so it also covers oclif's modules that the bundle defers.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers/cli';

const HELLO = `const { Command, Flags } = require('@oclif/core');
module.exports = class Hello extends Command {
  static summary = 'Greet someone';
  static flags = { name: Flags.string({ required: true, description: 'who to greet' }) };
  async run() {
    const { flags } = await this.parse(Hello);
    this.log('hello ' + flags.name + ' from ' + this.config.bin);
  }
};
`;

let data: string;
beforeAll(() => {
  const plugin = mkdtempSync(join(tmpdir(), 'logto-plugin-'));
  writeFileSync(join(plugin, 'package.json'), JSON.stringify({ name: 'logto-plugin-hello', version: '1.0.0', oclif: { commands: './commands' } }));
  mkdirSync(join(plugin, 'commands'));
  writeFileSync(join(plugin, 'commands', 'hello.js'), HELLO);
  symlinkSync(join(ROOT, 'node_modules'), join(plugin, 'node_modules'));
  data = mkdtempSync(join(tmpdir(), 'logto-data-'));
  mkdirSync(join(data, 'logto'));
  writeFileSync(join(data, 'logto', 'package.json'), JSON.stringify({ private: true, oclif: { plugins: [{ type: 'link', name: 'logto-plugin-hello', root: plugin }] } }));
});

describe('user plugins', () => {
  it("a linked plugin's command runs with its flags; oclif's multi-line parse errors become one line, exit 2", async () => {
    const ran = await runCli(['hello', '--name', 'ada'], { env: { XDG_DATA_HOME: data } });
    expect(ran).toMatchObject({ code: 0, stdout: 'hello ada from logto\n', stderr: '' });
    const missing = await runCli(['hello'], { env: { XDG_DATA_HOME: data } });
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: 'Error: Missing required flag name\n' });
    const unknown = await runCli(['hello', '--name', 'ada', '--bogus'], { env: { XDG_DATA_HOME: data } });
    expect(unknown).toMatchObject({ code: 2, stderr: 'Error: Nonexistent flag: --bogus\n' });
  });

  it("shows in logto --help and has help of its own; without the plugin the command is unknown", async () => {
    const help = await runCli(['--help'], { env: { XDG_DATA_HOME: data } });
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ {2}hello +Greet someone$/m);
    const own = await runCli(['hello', '--help'], { env: { XDG_DATA_HOME: data } });
    expect(own.code).toBe(0);
    expect(own.stdout).toMatch(/--name=<value>|--name=VALUE|--name/);
    expect(own.stdout).toContain('who to greet');
    const without = await runCli(['hello', '--name', 'ada']);
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/^Error: unknown surface "hello"/);
  });
});
