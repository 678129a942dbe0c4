namespace Aide.Cli.Completion;

/// <summary>
/// The completion scripts <c>aide completion SHELL</c> prints. Each asks <c>aide</c> itself what fits, through
/// System.CommandLine's suggest directive (<c>aide "[suggest:POSITION]" "LINE"</c>, the line without the program's
/// name and the cursor's position in it), so commands, options and values (sessions, models, kinds) stay in step with
/// the installed version; no <c>dotnet-suggest</c> is needed.
/// </summary>
internal static class ShellScripts
{
    public static readonly IReadOnlyList<string> Shells = ["bash", "zsh", "fish", "pwsh"];

    public static string For(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "no completion script for this shell"),
    };

    private const string Bash = """
        # aide completion for bash. Install: aide completion bash > ~/.local/share/bash-completion/completions/aide
        # (or add to ~/.bashrc: source <(aide completion bash))
        _aide_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local rest="${line#*[[:space:]]}"
            [[ "$rest" == "$line" ]] && rest=""
            local IFS=$'\n'
            COMPREPLY=($(command aide "[suggest:${#rest}]" "$rest" 2>/dev/null))
            # A value ending in '=' (openai=) takes its address next: no space after it.
            [[ ${#COMPREPLY[@]} -eq 1 && "${COMPREPLY[0]}" == *= ]] && compopt -o nospace 2>/dev/null
        }
        complete -o default -F _aide_complete aide

        """;

    private const string Zsh = """
        #compdef aide
        # aide completion for zsh. Install: aide completion zsh > "${fpath[1]}/_aide" (then restart zsh),
        # or add to ~/.zshrc after compinit: source <(aide completion zsh)
        _aide() {
            local line="${BUFFER[1,CURSOR]}"
            local rest="${line#*[[:space:]]}"
            [[ "$rest" == "$line" ]] && rest=""
            local -a values
            values=("${(@f)$(command aide "[suggest:${#rest}]" "$rest" 2>/dev/null)}")
            compadd -Q -- ${values:#}
        }
        compdef _aide aide

        """;

    private const string Fish = """
        # aide completion for fish. Install: aide completion fish > ~/.config/fish/completions/aide.fish
        function __aide_complete
            set -l rest (string replace -r '^\S+\s*' '' -- (commandline -cp))
            command aide "[suggest:"(string length -- "$rest")"]" "$rest" 2>/dev/null
        end
        complete -c aide -f -a '(__aide_complete)'

        """;

    private const string Pwsh = """
        # aide completion for PowerShell. Install: add to your $PROFILE: aide completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName aide -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $upTo = [Math]::Max(0, $cursorPosition - $commandAst.Extent.StartOffset)
            $line = if ($upTo -le $line.Length) { $line.Substring(0, $upTo) } else { $line.PadRight($upTo) }
            $rest = if ($line -match '^\S+\s+(.*)$') { $Matches[1] } else { '' }
            & aide "[suggest:$($rest.Length)]" "$rest" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
