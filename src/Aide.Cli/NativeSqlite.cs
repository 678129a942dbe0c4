using System.Runtime.InteropServices;

namespace Aide.Cli;

/// <summary>Where the published <c>aide</c> finds SQLite's native library.</summary>
internal static class NativeSqlite
{
    /// <summary>
    /// Loads <c>libe_sqlite3.so</c> straight from the app's folder, where publishing puts it. .NET's default probing
    /// for the provider's <c>e_sqlite3</c> import tries <c>e_sqlite3.so</c> in the app's folder and then in every
    /// system library folder (about 45 failed opens, strace) before the <c>lib</c>-prefixed name, on the thread that
    /// opens the conversation file first. Anything else (other systems, a build without the file) probes as before.
    /// </summary>
    public static void ResolveFromAppFolder()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        // The provider's imports, and Aide.Storage.Sqlite's own sqlite3_config.
        Resolve(typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly);
        Resolve(typeof(Aide.Storage.SqliteStorage).Assembly);
    }

    private static void Resolve(System.Reflection.Assembly assembly)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(assembly, static (name, _, _) =>
                name == "e_sqlite3" && NativeLibrary.TryLoad(Path.Combine(AppContext.BaseDirectory, "libe_sqlite3.so"), out var handle) ? handle : IntPtr.Zero);
        }
        catch (InvalidOperationException)
        {
            // A resolver is already set for that assembly: it decides.
        }
    }
}
