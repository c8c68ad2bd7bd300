using System.Text.RegularExpressions;
using Xunit;

namespace LingerNet.Cli.Tests;

public class BenchCommandTests
{
    [Fact]
    public void Bench_WorkedExample_PrintsTimePerInferenceAndKernelPath()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("bench", model, "--iterations", "5", "--warmup", "1");
        Assert.True(code == 0, output);
        var mean = Regex.Match(output, @"mean µs/inference\s*│\s*([0-9.]+)");
        Assert.True(mean.Success, output);
        Assert.True(double.Parse(mean.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Matches(@"iterations\s*│\s*5\s", output);
        Assert.Contains("memory plan", output);
    }

    [Fact]
    public void Bench_ReferenceKernels_Reported()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("bench", model, "--iterations", "2", "--warmup", "0", "--kernels", "reference");
        Assert.True(code == 0, output);
        Assert.Matches(@"kernels\s*│\s*Reference\s", output);
    }

    [Fact]
    public void Bench_UnknownKernelPath_UserError()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("bench", model, "--kernels", "turbo");
        Assert.Equal(2, code);
        Assert.Contains("turbo", output);
    }

    [Fact]
    public void Bench_Profile_ListsEveryNodeWithItsTime()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("bench", model, "--iterations", "5", "--warmup", "1", "--profile");
        Assert.True(code == 0, output);
        Assert.Contains("where the time goes", output);
        Assert.Matches(@"thinker::Quant\s*│\s*[0-9.]+\s*│\s*[0-9]+ %", output);
        Assert.Matches(@"nodes total\s*│", output);
    }
}
