using System.Reflection;
using Xunit;

namespace LingerNet.Tests.Api;

/// <summary>
/// The public types of the three packages are listed in <c>api/public-types.txt</c>: adding, removing or
/// renaming one fails this test until the list is updated (<c>LINGER_UPDATE_API=1 ./test.sh --filter PublicApi</c>),
/// so every change of the public surface is deliberate and visible in review.
/// </summary>
public class PublicApiTests
{
    private static readonly Assembly[] s_assemblies =
    [
        typeof(Numerics.Pow2Scale).Assembly,
        typeof(Runtime.LingerRuntime).Assembly,
        typeof(Linger).Assembly,
    ];

    private static string ListFile()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Linger.slnx"))) return Path.Combine(dir.FullName, "api", "public-types.txt");
        throw new Xunit.Sdk.XunitException("the repository root (Linger.slnx) was not found above the test binaries.");
    }

    /// <summary>One line per public type: assembly, kind and full name.</summary>
    private static List<string> Current()
        => s_assemblies.SelectMany(a => a.GetExportedTypes().Select(t => $"{a.GetName().Name}: {Kind(t)} {t.FullName}"))
            .Order(StringComparer.Ordinal).ToList();

    private static string Kind(Type t) => t.IsEnum ? "enum" : t.IsInterface ? "interface" : t.IsValueType ? "struct"
        : typeof(Delegate).IsAssignableFrom(t) ? "delegate" : t.IsAbstract && t.IsSealed ? "static class" : "class";

    [Fact]
    public void PublicTypes_MatchTheCheckedInList()
    {
        string file = ListFile();
        var current = Current();
        if (Environment.GetEnvironmentVariable("LINGER_UPDATE_API") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllLines(file, current);
        }
        var listed = File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).ToList() : [];
        var added = current.Except(listed).ToList();
        var removed = listed.Except(current).ToList();
        Assert.True(added.Count == 0 && removed.Count == 0,
            "the public API changed; if that is deliberate, update api/public-types.txt (LINGER_UPDATE_API=1). " +
            $"Added: {string.Join("; ", added)}. Removed: {string.Join("; ", removed)}.");
    }
}
