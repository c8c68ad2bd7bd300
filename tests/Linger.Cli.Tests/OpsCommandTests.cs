using LingerNet.Cli.Commands;
using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Cli.Tests;

public class OpsCommandTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Linger.slnx"))) return Path.Combine(dir.FullName, relative);
        throw new Xunit.Sdk.XunitException("the repository root (Linger.slnx) was not found above the test binaries.");
    }

    [Fact]
    public void DocsOps_IsTheTableGeneratedFromTheContracts()
    {
        string onDisk = File.ReadAllText(RepoFile("docs/ops.md")).ReplaceLineEndings("\n");
        string generated = OpsCommand.Markdown().ReplaceLineEndings("\n");
        Assert.True(onDisk == generated, "docs/ops.md is stale: regenerate it with ./linger ops --markdown > docs/ops.md");
    }

    [Fact]
    public void Markdown_ListsEveryContractWithItsVenusRules()
    {
        string md = OpsCommand.Markdown();
        foreach (var c in OpCatalog.All)
        {
            Assert.Contains("## " + c.QualifiedName, md);
            foreach (var l in c.VenusLimits) Assert.Contains("- " + l.Rule, md);
        }
    }

    [Fact]
    public void Ops_PrintsStatusTable()
    {
        var (code, output) = CliRunner.Run("ops");
        Assert.Equal(0, code);
        Assert.Contains("thinker::Conv2dInt", output);
    }
}
