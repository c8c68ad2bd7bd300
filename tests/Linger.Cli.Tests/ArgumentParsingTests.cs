using LingerNet.Cli.CommandLine;
using Xunit;

namespace LingerNet.Cli.Tests;

public class ArgumentParsingTests
{
    private static readonly OptionSpec[] Specs =
    [
        new("epochs", "N", "epochs"),
        new("data", "DIR", "data"),
        new("lr", "X", "learning rate"),
        new("fast", null, "a flag"),
    ];

    [Fact]
    public void Parse_SpaceAndEqualsForms_BothWork()
    {
        var a = ParsedArgs.Parse("cmd", ["--epochs", "3", "--data=/tmp/x y", "--fast"], Specs);
        Assert.Equal(3, a.GetInt("epochs", 1));
        Assert.Equal("/tmp/x y", a.GetString("data"));
        Assert.True(a.Has("fast"));
        Assert.Equal(0.5, a.GetDouble("lr", 0.5));
    }

    [Fact]
    public void Parse_TwoPlaceholders_TakesTwoPositionalsAroundOptions()
    {
        var a = ParsedArgs.Parse("cmd", ["m.onnx", "--epochs", "2", "speech.wav"], Specs, "MODEL.onnx WAV");
        Assert.Equal(["m.onnx", "speech.wav"], a.Positionals);
        Assert.Equal("m.onnx", a.Positional);
        Assert.Equal(2, a.GetInt("epochs", 1));
        var e = Assert.Throws<UsageException>(() => ParsedArgs.Parse("cmd", ["m.onnx"], Specs, "MODEL.onnx WAV"));
        Assert.Contains("needs WAV", e.Message);
        var extra = Assert.Throws<UsageException>(() => ParsedArgs.Parse("cmd", ["a", "b", "c"], Specs, "MODEL.onnx WAV"));
        Assert.Contains("unexpected argument 'c'", extra.Message);
    }

    [Fact]
    public void Parse_Absent_GivesDefaults()
    {
        var a = ParsedArgs.Parse("cmd", [], Specs);
        Assert.Equal(7, a.GetInt("epochs", 7));
        Assert.Null(a.GetString("data"));
        Assert.False(a.Has("fast"));
    }

    [Theory]
    [InlineData("unknown option '--bogus'", "--bogus", "1")]
    [InlineData("unexpected argument 'stray'", "stray")]
    [InlineData("needs a value", "--data")]
    [InlineData("needs a value", "--data", "--fast")]
    [InlineData("given twice", "--epochs", "1", "--epochs", "2")]
    [InlineData("takes no value", "--fast=yes")]
    public void Parse_BadCommandLine_ThrowsUsage(string expected, params string[] args)
    {
        var e = Assert.Throws<UsageException>(() => ParsedArgs.Parse("cmd", args, Specs));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData("--epochs", "three", "needs an integer, got 'three'")]
    [InlineData("--epochs", "0", "must be at least 1")]
    [InlineData("--lr", "fast", "needs a number")]
    public void Get_MalformedValue_ThrowsUsage(string name, string value, string expected)
    {
        var a = ParsedArgs.Parse("cmd", [name, value], Specs);
        var e = Assert.Throws<UsageException>(() => { a.GetInt("epochs", 1, min: 1); a.GetDouble("lr", 1); });
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Run_UnknownCommand_Exit2WithHint()
    {
        var (code, output) = CliRunner.Run("frobnicate");
        Assert.Equal(2, code);
        Assert.Contains("unknown command 'frobnicate'", output);
        Assert.Contains("linger --help", output);
    }

    [Fact]
    public void Run_QuickstartBadOption_Exit2NamesOption()
    {
        var (code, output) = CliRunner.Run("quickstart", "--epochz", "3");
        Assert.Equal(2, code);
        Assert.Contains("--epochz", output);
        Assert.Contains("linger quickstart --help", output);
    }

    [Fact]
    public void Run_QuickstartNonNumericEpochs_Exit2()
    {
        var (code, output) = CliRunner.Run("quickstart", "--epochs", "many");
        Assert.Equal(2, code);
        Assert.Contains("'many'", output);
    }
}
