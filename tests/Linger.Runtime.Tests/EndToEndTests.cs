using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

public class EndToEndTests
{
    /// <summary>linger-spec §6.6: Quant → Conv2dInt → Relu → Reshape(Constant) → LinearInt → Dequant.</summary>
    internal static OnnxModelBuilder WorkedExample(Random r)
    {
        var mb = new OnnxModelBuilder().Input("input", OnnxDataTypes.Float, 1, 3, 8, 8).Output("output")
            .Int8("conv.weight", Reference.RandomInt8(r, 8 * 3 * 3 * 3), 8, 3, 3, 3).Int32("conv.bias", Reference.RandomInt32(r, 8, 4000), 8)
            .Int8("fc.weight", Reference.RandomInt8(r, 10 * 512), 10, 512).Int32("fc.bias", Reference.RandomInt32(r, 10, 40000), 10);
        mb.Node(OpTypes.Quant, ["input"], ["t0"], "n0", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 32f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Conv2dInt, ["t0", "conv.weight", "conv.bias"], ["t1"], "n1", attrs: [(AttributeNames.ScaleX, 32f), (AttributeNames.ScaleW, 128f),
            (AttributeNames.Dilations, new[] { 1, 1 }), (AttributeNames.Group, 1), (AttributeNames.KernelShape, new[] { 3, 3 }), (AttributeNames.Pads, new[] { 1, 1, 1, 1 }),
            (AttributeNames.Strides, new[] { 1, 1 }), (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, 16f), (AttributeNames.OBits, 8),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna)]);
        mb.Std(OpTypes.Relu, ["t1"], ["t2"], "n2");
        var shape = OnnxModelBuilder.Tensor("", OnnxDataTypes.Int64, [2]);
        shape.Int64Data.AddRange([1, -1]);
        mb.Std(OpTypes.Constant, [], ["shape"], "n3c", (AttributeNames.Value, shape));
        mb.Std(OpTypes.Reshape, ["t2", "shape"], ["t3"], "n3");
        mb.Node(OpTypes.LinearInt, ["t3", "fc.weight", "fc.bias"], ["t4"], "n4", attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleW, 256f),
            (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8), (AttributeNames.ScaleO, 8f), (AttributeNames.OBits, 8), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Dequant, ["t4"], ["output"], "n5", attrs: [(AttributeNames.ScaleO, 8f)]);
        return mb;
    }

    [Fact]
    public void WorkedExample_FloatAndInt8Inputs_GiveSameOutputs_AndMatchKernelChain()
    {
        var r = new Random(42);
        var mb = WorkedExample(r);
        string path = Path.Combine(Path.GetTempPath(), $"linger-e2e-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, mb.Bytes());
        try
        {
            using var rt = LingerRuntime.Load(path);
            Assert.Equal(32.0, rt.Inputs[0].Int8Scale!.Value.Value);
            var x = Enumerable.Range(0, 192).Select(_ => (float)(r.NextDouble() * 8 - 4)).ToArray();
            var fromFloat = rt.Run(x, new RunOptions { Dump = true });
            var q = fromFloat.DumpOf("t0").AsInt8();
            var fromInt8 = rt.Run(q);
            var o = fromFloat.Outputs[0];
            Assert.Equal(new[] { 1, 10 }, o.Shape);
            Assert.Equal(o.Int8, fromInt8.Outputs[0].Int8);
            Assert.Equal(o.Float, fromInt8.Outputs[0].Float);
            Assert.Equal(o.Int8!.Select(v => v / 8f), o.Float!);
            // The chain, recomputed from the dump with the per-op references.
            var t2 = fromFloat.DumpOf("t2").AsInt8();
            Assert.Equal(fromFloat.DumpOf("t1").AsInt8().Select(v => (sbyte)Math.Max((int)v, 0)), t2);
            var w = mb.Graph.Initializer.First(t => t.Name == "fc.weight").RawData.ToByteArray().Select(b => (sbyte)b).ToArray();
            var bias = mb.Graph.Initializer.First(t => t.Name == "fc.bias").Int32Data.ToArray();
            for (int j = 0; j < 10; j++)
            {
                long acc = bias[j];
                for (int k = 0; k < 512; k++) acc += t2[k] * w[j * 512 + k];
                Assert.Equal(Reference.Sat8(Reference.Rsh(acc, 4 + 8 - 3)), o.Int8![j]);
            }
            Assert.Equal(new[] { "input", "t0", "t1", "t2", "t3", "t4", "output" }, fromFloat.Dump!.Select(t => t.Name));
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void WriteDump_ThinkerFormat_OneValuePerLine()
    {
        using var rt = WorkedExample(new Random(1)).Load();
        var res = rt.Run(new float[192], new RunOptions { Dump = true });
        string dir = Path.Combine(Path.GetTempPath(), $"linger-dump-{Guid.NewGuid():N}");
        try
        {
            res.WriteDump(dir);
            var lines = File.ReadAllLines(Path.Combine(dir, "t1##_1_8_8_8.txt"));
            Assert.Equal(512, lines.Length);
            Assert.Equal(res.DumpOf("t1").AsInt8().Select(v => v.ToString()), lines);
            Assert.Equal("0.000000", File.ReadAllLines(Path.Combine(dir, "input##_1_3_8_8.txt"))[0]);
            Assert.Equal(res.Dump!.Select(ThinkerDump.FileName), File.ReadAllLines(Path.Combine(dir, ThinkerDump.OrderFileName)));
        }
        finally { if (Directory.Exists(dir)) Directory.Delete(dir, true); }
    }

    [Fact]
    public void Run_WithoutDump_HasNoDump()
    {
        using var rt = WorkedExample(new Random(1)).Load();
        var res = rt.Run(new float[192]);
        Assert.Null(res.Dump);
        Assert.Throws<LingerException>(() => res.WriteDump(Path.GetTempPath()));
    }
}
