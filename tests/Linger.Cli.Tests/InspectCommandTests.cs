using System.Text.Json;
using Xunit;

namespace LingerNet.Cli.Tests;

public class InspectCommandTests
{
    [Fact]
    public void Inspect_WorkedExample_TableHasOpsScalesBitsTotals()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("inspect", model);
        Assert.True(code == 0, output);
        Assert.Contains("thinker::Conv2dInt", output);
        Assert.Contains("thinker::LinearInt", output);
        Assert.Contains("Relu", output);
        Assert.Contains("x Q5 w Q7 → o Q4", output);
        Assert.Contains("x Q4 w Q8 → o Q3", output);
        Assert.Contains("1×3×8×8 → 1×8×8×8", output);
        Assert.Contains("8/8/8", output);
        // Parameters: conv 216 + 8·4 bytes, fc 5120 + 10·4 bytes.
        Assert.Contains("248", output);
        Assert.Contains("5,160", output);
        Assert.Contains("5,408", output);
        Assert.Matches(@"nodes\s*│\s*7\s", output);
        Assert.Contains("float32", output);
    }

    [Fact]
    public void Inspect_Json_SameFactsAsTable()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("m.onnx");
        File.WriteAllBytes(model, TestModels.WorkedExample());
        var (code, output) = CliRunner.Run("inspect", model, "--json");
        Assert.True(code == 0, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        var nodes = root.GetProperty("nodes");
        Assert.Equal(7, nodes.GetArrayLength());
        Assert.Equal(new[] { "quant", "shape_const", "conv", "relu", "reshape", "fc", "dequant" }, nodes.EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        var conv = nodes[2];
        Assert.Equal("thinker::Conv2dInt", conv.GetProperty("op_type").GetString());
        Assert.Equal(5, conv.GetProperty("scales").GetProperty("x").GetInt32());
        Assert.Equal(7, conv.GetProperty("scales").GetProperty("w").GetInt32());
        Assert.Equal(4, conv.GetProperty("scales").GetProperty("o").GetInt32());
        Assert.Equal(8, conv.GetProperty("bits").GetProperty("parameter").GetInt32());
        Assert.Equal(248, conv.GetProperty("parameter_bytes").GetInt64());
        Assert.Equal(5408, root.GetProperty("totals").GetProperty("parameter_bytes").GetInt64());
        Assert.Equal(7, root.GetProperty("totals").GetProperty("nodes").GetInt32());
        Assert.Equal(1, root.GetProperty("totals").GetProperty("ops").GetProperty("thinker::Conv2dInt").GetInt32());
        var input = root.GetProperty("inputs")[0];
        Assert.Equal("float32", input.GetProperty("dtype").GetString());
        Assert.Equal([1, 3, 8, 8], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(5, input.GetProperty("q").GetInt32());
        Assert.Equal(3, root.GetProperty("outputs")[0].GetProperty("q").GetInt32());
    }

    [Fact]
    public void Inspect_NotOnnx_Exit2NamesFile()
    {
        using var tmp = new TempFolder();
        var model = tmp.File("garbage.onnx");
        File.WriteAllText(model, "this is not a model");
        var (code, output) = CliRunner.Run("inspect", model);
        Assert.Equal(2, code);
        Assert.Contains("garbage.onnx", output);
        Assert.DoesNotContain(" at LingerNet", output);
    }

    [Fact]
    public void Inspect_NoModelArgument_Exit2Usage()
    {
        var (code, output) = CliRunner.Run("inspect");
        Assert.Equal(2, code);
        Assert.Contains("MODEL.onnx", output);
    }
}
