using System.Diagnostics;
using System.Globalization;

namespace Aide.Conversations;

/// <summary>
/// Names the process waiting for a question's answer (machine, process id, start time), so that another process can
/// tell a turn in progress from a question whose process was killed: on the same machine, a process of that id and
/// start time still running. The start time guards against a reused process id.
/// </summary>
public static class TurnOwner
{
    /// <summary>How long a question asked on another machine counts as in progress.</summary>
    internal static readonly TimeSpan OtherMachineLease = TimeSpan.FromHours(1);

    private static readonly Lazy<string> CurrentOwner = new(() => Format(Environment.MachineName, Environment.ProcessId, StartTicks(Environment.ProcessId)));

    /// <summary>Gets this process's name as a question's owner.</summary>
    public static string Current => CurrentOwner.Value;

    /// <summary>Whether the process named by <paramref name="owner"/> may still be waiting for the answer.</summary>
    /// <param name="owner">The owner saved with the question.</param>
    /// <param name="askedAt">When the question was saved.</param>
    /// <param name="now">Now.</param>
    public static bool MayBeAlive(string owner, DateTimeOffset askedAt, DateTimeOffset now)
    {
        var parts = owner.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (!string.Equals(parts[0], Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return now - askedAt < OtherMachineLease;
        }

        return pid == Environment.ProcessId ? owner == Current : StartTicks(pid) is { } ticks && ticks == parts[2];
    }

    private static string Format(string machine, int pid, string? start) =>
        string.Create(CultureInfo.InvariantCulture, $"{machine.Replace('/', '_')}/{pid}/{start ?? "?"}");

    /// <summary>The process's start time as the system counts it, or <see langword="null"/> when no such process runs.</summary>
    private static string? StartTicks(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // Field 22 of /proc/PID/stat: start time in clock ticks since boot; the command name (field 2) may hold spaces.
            try
            {
                var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 19 ? fields[19] : null;
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.StartTime.Ticks.ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
