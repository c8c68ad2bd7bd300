using System.Text.Json;
using LingerNet.Runtime;
using Xunit;

namespace LingerNet.Cli.Tests;

public class DiffCommandTests
{
    /// <summary>An exported quickstart model and two identical runtime dumps of one input.</summary>
    private static (TempFolder Tmp, string Model, string A, string B) TwoDumps()
    {
        var tmp = new TempFolder();
        var model = tmp.File("q.onnx");
        ExportedModels.Quickstart(model);
        using var rt = LingerRuntime.Load(model);
        var result = rt.Run(ExportedModels.Image(), new RunOptions { Dump = true });
        string a = tmp.File("a"), b = tmp.File("b");
        result.WriteDump(a);
        result.WriteDump(b);
        return (tmp, model, a, b);
    }

    /// <summary>Adds <paramref name="delta"/> to the listed elements of the tensor file whose name starts with <paramref name="tensor"/>##.</summary>
    private static string Alter(string folder, string tensor, int delta, params int[] indices)
    {
        var path = Directory.GetFiles(folder, tensor + "##*").Single();
        var lines = File.ReadAllLines(path);
        foreach (int i in indices) lines[i] = (long.Parse(lines[i]) + delta).ToString();
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>Node outputs in execution order (graph input excluded) of the exported model.</summary>
    private static List<string> ExecutionOrder(string model)
    {
        using var rt = LingerRuntime.Load(model);
        return rt.Nodes.SelectMany(n => n.Outputs).ToList();
    }

    [Fact]
    public void Diff_IdenticalDumps_Exit0AllEqual()
    {
        var (tmp, _, a, b) = TwoDumps();
        using var _t = tmp;
        var (code, output) = CliRunner.Run("diff", a, b);
        Assert.True(code == 0, output);
        Assert.Matches(@"different\s*│\s*0\s", output);
        Assert.Contains("order.txt", output);
    }

    [Fact]
    public void Diff_OneAlteredTensor_NamesExactlyThatTensorFirstWithPositions()
    {
        var (tmp, model, a, b) = TwoDumps();
        using var _t = tmp;
        var order = ExecutionOrder(model);
        // A tensor in the middle of the graph (a conv output, int8 values): nothing downstream is touched in the file.
        string target = order[order.Count / 2];
        var shape = LingerRuntime.Load(model).DescribeValue(target)!.Shape;
        Alter(b, target, 1, 5, 40);

        var (code, output) = CliRunner.Run("diff", a, b, "--json");
        Assert.True(code == 1, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.Equal(target, root.GetProperty("first_difference").GetString());
        Assert.Equal(1, root.GetProperty("different").GetInt32());
        var t = root.GetProperty("tensors").EnumerateArray().Single(x => x.GetProperty("name").GetString() == target);
        Assert.Equal(2, t.GetProperty("mismatches").GetInt64());
        Assert.Equal(1.0, t.GetProperty("max_abs_diff").GetDouble());
        var positions = t.GetProperty("positions").EnumerateArray().ToList();
        Assert.Equal([5L, 40L], positions.Select(p => p.GetProperty("index").GetInt64()));
        // Row-major unravel of flat index 40 in the tensor's shape.
        int[] expected40 = new int[shape.Length];
        long rest = 40;
        for (int d = shape.Length - 1; d >= 0; d--) { expected40[d] = (int)(rest % shape[d]); rest /= shape[d]; }
        Assert.Equal(expected40, positions[1].GetProperty("nd_index").EnumerateArray().Select(v => v.GetInt32()));
        Assert.Equal(positions[1].GetProperty("a").GetDouble() + 1, positions[1].GetProperty("b").GetDouble());
    }

    [Fact]
    public void Diff_TwoAlteredTensors_ReportsTheEarlierInExecutionOrder()
    {
        var (tmp, model, a, b) = TwoDumps();
        using var _t = tmp;
        var order = ExecutionOrder(model);
        string early = order[2], late = order[^2];
        // Alter the later one first, so that file times (if they were used) would point at the wrong tensor.
        Alter(b, late, -3, 0);
        Alter(b, early, 1, 7);
        var (code, output) = CliRunner.Run("diff", a, b);
        Assert.Equal(1, code);
        Assert.Contains($"first differing tensor {early} ", output);
        Assert.Matches(@"different\s*│\s*2\s", output);
        Assert.Matches(@"│\s*7\s*│\s*\[[0-9, ]+\]\s*│", output);
    }

    [Fact]
    public void Diff_NoOrderFileWithModel_UsesModelOrder()
    {
        var (tmp, model, a, b) = TwoDumps();
        using var _t = tmp;
        File.Delete(Path.Combine(a, ThinkerDump.OrderFileName));
        var order = ExecutionOrder(model);
        // Make file times disagree with execution order.
        var t0 = DateTime.UtcNow;
        foreach (var (f, i) in Directory.GetFiles(a).Select((f, i) => (f, i))) File.SetLastWriteTimeUtc(f, t0.AddSeconds(-i));
        Alter(b, order[^2], 1, 0);
        Alter(b, order[3], 1, 0);
        var (code, output) = CliRunner.Run("diff", a, b, "--model", model);
        Assert.Equal(1, code);
        Assert.Contains($"first differing tensor {order[3]} ", output);
        Assert.Contains("model ", output);
    }

    [Fact]
    public void Diff_LingerStyleNamesWithoutShape_MatchedByNameBeforeHashes()
    {
        var (tmp, _, a, b) = TwoDumps();
        using var _t = tmp;
        // linger's OnnxRunner names files <tensor>##_int_dump.txt: the shape comes from A.
        foreach (var f in Directory.GetFiles(b, "*##*"))
        {
            string name = Path.GetFileName(f);
            File.Move(f, Path.Combine(b, name[..name.IndexOf("##", StringComparison.Ordinal)] + "##_int_dump.txt"));
        }
        File.Delete(Path.Combine(b, ThinkerDump.OrderFileName));
        var (code, output) = CliRunner.Run("diff", a, b);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void Diff_MalformedValue_Exit2NamesFileAndLine()
    {
        var (tmp, _, a, b) = TwoDumps();
        using var _t = tmp;
        var path = Directory.GetFiles(b, "*##*").First();
        var lines = File.ReadAllLines(path);
        lines[2] = "x1";
        File.WriteAllLines(path, lines);
        var (code, output) = CliRunner.Run("diff", a, b);
        Assert.Equal(2, code);
        Assert.Contains(Path.GetFileName(path) + ":3", output);
    }

    [Fact]
    public void Diff_MissingFolderOrNothingInCommon_Exit2()
    {
        using var tmp = new TempFolder();
        var a = tmp.File("a");
        Directory.CreateDirectory(a);
        File.WriteAllLines(Path.Combine(a, "x##_2.txt"), ["1", "2"]);
        Assert.Equal(2, CliRunner.Run("diff", a, tmp.File("none")).ExitCode);
        var b = tmp.File("b");
        Directory.CreateDirectory(b);
        File.WriteAllLines(Path.Combine(b, "y##_2.txt"), ["1", "2"]);
        var (code, output) = CliRunner.Run("diff", a, b);
        Assert.Equal(2, code);
        Assert.Contains("no tensor name in common", output);
        Assert.Equal(2, CliRunner.Run("diff", a).ExitCode);
    }

    [Fact]
    public void Diff_FloatTensors_ToleranceDecides()
    {
        using var tmp = new TempFolder();
        string a = tmp.File("a"), b = tmp.File("b");
        Directory.CreateDirectory(a);
        Directory.CreateDirectory(b);
        File.WriteAllLines(Path.Combine(a, "out##_1_3.txt"), ["0.500000", "1.250000", "-2.000000"]);
        File.WriteAllLines(Path.Combine(b, "out##_1_3.txt"), ["0.500000", "1.250001", "-2.000000"]);
        Assert.Equal(1, CliRunner.Run("diff", a, b).ExitCode);
        Assert.Equal(0, CliRunner.Run("diff", a, b, "--tolerance", "0.00001").ExitCode);
    }
}
