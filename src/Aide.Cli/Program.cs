using Aide.Cli;
using Aide.Cli.Commands;

return await AideCommandLine.RunAsync(args, new CliConsole());
