using Aide.Cli;
using Aide.Cli.Commands;

NativeSqlite.ResolveFromAppFolder();
if (args is ["ask", ..] or ["chat", ..])
{
    // These open SQLite files within milliseconds: load the library while the command line is parsed.
    Aide.Storage.SqliteStorage.Preload(CliHost.Opener);
}

return await AideCommandLine.RunAsync(args, new CliConsole());
