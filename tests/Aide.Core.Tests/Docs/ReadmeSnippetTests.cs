using System.Reflection;
using System.Text.RegularExpressions;
using Aide.Caching;
using Aide.Conversations.Store;
using Aide.Providers.OpenAI;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.Extensions.Hosting;

namespace Aide.Core.Tests.Docs;

/// <summary>The README's library snippets, compiled against the real assemblies, so the README cannot fall behind the API.</summary>
public sealed partial class ReadmeSnippetTests
{
    private const string ImplicitUsings = "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; global using System.Threading; global using System.Threading.Tasks;";

    [Fact]
    public void The_library_quickstart_compiles_as_one_program()
    {
        var section = Section(File.ReadAllText(FindReadme()), "## Library quickstart", "## Benchmarks");
        var blocks = CSharpBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        Assert.True(blocks.Count >= 5, $"expected the quickstart's C# blocks, found {blocks.Count}");

        // One program: every block's usings first, then the blocks' statements in order (later blocks use earlier variables).
        var lines = blocks.SelectMany(b => b.Split('\n')).ToList();
        static bool IsDirective(string line) => line.StartsWith("using ", StringComparison.Ordinal) && !line.Contains('=', StringComparison.Ordinal);
        var usings = lines.Where(IsDirective).Distinct();
        var statements = lines.Where(l => !IsDirective(l));
        var program = string.Join('\n', usings) + "\n" + string.Join('\n', statements);

        var compilation = CSharpCompilation.Create(
            "ReadmeSnippets",
            [CSharpSyntaxTree.ParseText(ImplicitUsings, cancellationToken: TestContext.Current.CancellationToken), CSharpSyntaxTree.ParseText(program, new CSharpParseOptions(LanguageVersion.Latest), cancellationToken: TestContext.Current.CancellationToken)],
            References(),
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

        Assert.True(errors.Count == 0, string.Join('\n', errors.Select(e => e.ToString())) + "\n--- program ---\n" + program);
    }

    private static IEnumerable<MetadataReference> References()
    {
        // The framework, and every Aide package (forced to load by naming one type of each).
        Type[] packages = [typeof(ResponseCache), typeof(SqliteConversationStore), typeof(OpenAIProviderRegistration), typeof(Host)];
        _ = packages;
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var loaded = AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic && a.Location.Length > 0).Select(a => a.Location);
        var beside = Directory.GetFiles(AppContext.BaseDirectory, "*.dll");
        return platform.Concat(loaded).Concat(beside)
            .DistinctBy(Path.GetFileName, StringComparer.OrdinalIgnoreCase)
            .Where(IsManaged)
            .Select(p => MetadataReference.CreateFromFile(p));
    }

    private static bool IsManaged(string path)
    {
        try
        {
            _ = AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string Section(string readme, string from, string to)
    {
        var start = readme.IndexOf(from, StringComparison.Ordinal);
        var end = readme.IndexOf(to, start, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README has no '{from}' section before '{to}'");
        return readme[start..end];
    }

    private static string FindReadme()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "README.md");
            if (File.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "Aide.slnx")))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("README.md not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();
}
