using Xunit;

namespace LingerNet.Cli.Tests;

public class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public void Help_ListsCommands_Exit0(string flag)
    {
        var (code, output) = CliRunner.Run(flag);
        Assert.Equal(0, code);
        Assert.Contains("usage: linger COMMAND [options]", output);
        Assert.Contains("quickstart", output);
    }

    [Fact]
    public void NoArguments_ShowsHelp_Exit2()
    {
        var (code, output) = CliRunner.Run();
        Assert.Equal(2, code);
        Assert.Contains("quickstart", output);
    }

    [Theory]
    [InlineData("quickstart", "--help")]
    [InlineData("help", "quickstart")]
    public void QuickstartHelp_ListsItsOptions(string a, string b)
    {
        var (code, output) = CliRunner.Run(a, b);
        Assert.Equal(0, code);
        foreach (var o in new[] { "--data DIR", "--epochs N", "--qat-epochs N", "--out DIR", "--seed N" })
            Assert.Contains(o, output);
    }

    [Theory]
    [InlineData("diff", "usage: linger diff A B", "--model MODEL.onnx")]
    [InlineData("plan", "usage: linger plan MODEL.onnx", "--png FILE")]
    [InlineData("analyse", "usage: linger analyse CHECKPOINT", "--samples N")]
    public void DiagnosticCommandHelp_ShowsPositionalsAndOptions(string command, string usage, string option)
    {
        var (code, output) = CliRunner.Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains(usage, output);
        Assert.Contains(option, output);
        Assert.Contains(command, CliRunner.Run("--help").Output);
    }

    [Fact]
    public void Version_PrintsVersion()
    {
        var (code, output) = CliRunner.Run("--version");
        Assert.Equal(0, code);
        Assert.StartsWith("linger ", output);
    }
}
