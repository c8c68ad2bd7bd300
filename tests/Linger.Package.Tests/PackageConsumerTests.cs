using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace LingerNet.Package.Tests;

/// <summary>
/// The proof that a user's own project works: the packages this build produced, consumed from a local
/// feed by a new console project in a temporary folder outside the repository (train with Init, export,
/// run with LingerNet.Runtime, bit-exact), and the linger tool installed from the same feed.
/// </summary>
public sealed class PackageConsumerTests : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);
    private readonly ITestOutputHelper _log;
    private readonly string _root = Directory.CreateTempSubdirectory("linger-package-").FullName;
    private string? _version;

    public PackageConsumerTests(ITestOutputHelper log) => _log = log;

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
        // The consumer's restore put this run's unique version into the NuGet cache: take it out again.
        if (_version is null) return;
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var id in new[] { "lingernet", "lingernet.runtime", "lingernet.numerics" })
        {
            string dir = Path.Combine(cache, id, _version);
            try
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, true);
                string idDir = Path.GetDirectoryName(dir)!;
                if (Directory.Exists(idDir) && !Directory.EnumerateFileSystemEntries(idDir).Any()) Directory.Delete(idDir);
            }
            catch (IOException) { }
        }
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void PackedPackages_NewConsoleProjectOutsideRepo_TrainsExportsRunsBitExact_AndToolInspects()
    {
        string repo = FindRepoRoot();
        Assert.False(_root.StartsWith(repo, StringComparison.Ordinal), $"the temp folder {_root} must be outside the repository {repo}");
        string prefix = Regex.Match(File.ReadAllText(Path.Combine(repo, "Directory.Build.props")), "<VersionPrefix>([^<]+)</VersionPrefix>").Groups[1].Value;
        Assert.NotEmpty(prefix);
        // A version no earlier run used: the NuGet cache never serves a stale package under it.
        _version = $"{prefix}-e2e.{DateTime.UtcNow:yyyyMMddHHmmss}.{Environment.ProcessId}";

        // 1. Pack what this test run built into a local feed.
        string feed = Path.Combine(_root, "feed");
        Step("pack", "bash", [Path.Combine(repo, "build", "pack.sh"), "--no-build", feed, _version], repo);
        foreach (var id in new[] { "LingerNet.Numerics", "LingerNet.Runtime", "LingerNet", "LingerNet.Cli" })
            Assert.True(File.Exists(Path.Combine(feed, $"{id}.{_version}.nupkg")), $"{id} was not packed");

        // 2. A new console project with its own nuget.config: the local feed plus the machine's sources.
        string app = Path.Combine(_root, "app");
        Directory.CreateDirectory(app);
        string consumer = Path.Combine(AppContext.BaseDirectory, "Consumer");
        File.WriteAllText(Path.Combine(app, "TinyApp.csproj"), File.ReadAllText(Path.Combine(consumer, "Consumer.csproj.template")).Replace("@VERSION@", _version));
        File.Copy(Path.Combine(consumer, "Program.cs"), Path.Combine(app, "Program.cs"));
        File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="linger-local-feed" value="{feed}" />
              </packageSources>
            </configuration>
            """);

        // 3. Train, export, run in the runtime: the program exits 0 only when bit-exact.
        string onnx = Path.Combine(_root, "tiny.onnx");
        var run = Step("dotnet run", Dotnet, ["run", "-c", "Release", "--", onnx], app);
        Assert.Contains("BIT-EXACT", run.Output);
        Assert.True(new FileInfo(onnx).Length > 0);

        // 4. The tool from the same feed, run from a folder that is neither the repo nor the app.
        string tools = Path.Combine(_root, "tools");
        Step("tool install", Dotnet, ["tool", "install", "LingerNet.Cli", "--tool-path", tools, "--add-source", feed, "--version", _version], _root);
        string elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        var inspect = Step("linger inspect", Path.Combine(tools, "linger"), ["inspect", onnx], elsewhere);
        Assert.Contains("Conv2dInt", inspect.Output);
        Assert.Contains("LinearInt", inspect.Output);
        var json = Step("linger inspect --json", Path.Combine(tools, "linger"), ["inspect", onnx, "--json"], elsewhere);
        Assert.Contains("\"thinker::Quant\"", json.Output);
    }

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private ProcessRunner.Result Step(string what, string file, string[] args, string cwd)
    {
        var r = ProcessRunner.Run(file, args, cwd, StepTimeout);
        _log.WriteLine($"== {what}: exit {r.ExitCode}, {r.Elapsed.TotalSeconds:F1} s\n{r.Output}");
        Assert.True(r.ExitCode == 0, $"{what} failed with exit code {r.ExitCode}:\n{r.Output}");
        return r;
    }

    private static string FindRepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Linger.slnx"))) return d.FullName;
        throw new InvalidOperationException($"no Linger.slnx above {AppContext.BaseDirectory}");
    }
}
