// `logto completion SHELL`: a script that asks `logto __complete` for candidates, so
// completion always matches the commands this logto has (bundled and synced).
import { BuiltinCommand } from '../src/cli/builtin-command';
import type { CommandContext } from '../src/cli/context';
import { oclifArgs, oclifFlags, type FlagValues } from '../src/cli/flags';
import { usageError } from '../src/errors';

const SCRIPTS: Record<string, string> = {
  bash: `# logto completion for bash: eval "$(logto completion bash)"
_logto() {
  local IFS=$'\\n'
  COMPREPLY=($(logto __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _logto logto
`,
  zsh: `#compdef logto
# logto completion for zsh: eval "$(logto completion zsh)"
_logto() {
  local -a candidates
  candidates=("\${(@f)$(logto __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  compadd -- \${candidates[@]}
}
compdef _logto logto
`,
  fish: `# logto completion for fish: logto completion fish | source
complete -c logto -f -a '(logto __complete (commandline -opc)[2..-1] (commandline -ct) 2>/dev/null)'
`,
};

export default class CompletionCommand extends BuiltinCommand {
  static summary = 'Print the shell completion script for bash, zsh or fish';

  static description = 'Candidates come from the installed commands, bundled and synced, at the moment you press tab.';

  static flags = oclifFlags([]);

  static args = oclifArgs(['shell']);

  static examples = ['eval "$(logto completion bash)"   # in ~/.bashrc', 'eval "$(logto completion zsh)"    # in ~/.zshrc', 'logto completion fish > ~/.config/fish/completions/logto.fish'];

  async execute(_values: FlagValues, [shell]: string[], context: CommandContext): Promise<void> {
    const script = SCRIPTS[shell];
    if (!script) throw usageError(`SHELL must be one of ${Object.keys(SCRIPTS).join(', ')}, got ${JSON.stringify(shell)}`);
    context.io.out(script);
  }
}
