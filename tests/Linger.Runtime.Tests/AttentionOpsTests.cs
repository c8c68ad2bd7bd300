using CsCheck;
using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>BmmInt, LayerNormInt and Requant in the runtime: plain references, and each venus refusal at load.</summary>
public class AttentionOpsTests
{
    private static LingerException LoadFails(OnnxModelBuilder mb, params string[] mentions)
    {
        var e = Assert.Throws<LingerException>(() => mb.Load());
        foreach (var m in mentions) Assert.Contains(m, e.Message);
        return e;
    }

    private static OnnxModelBuilder Bmm(int[] xShape, int[] yShape, float sx, float sy, float so, int? oBits = null)
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, xShape.Select(d => (long)d).ToArray())
            .Input("y", OnnxDataTypes.Int8, yShape.Select(d => (long)d).ToArray()).Output("z", OnnxDataTypes.Int8);
        var attrs = new List<(string, object)> { (AttributeNames.ScaleX, sx), (AttributeNames.ScaleY, sy), (AttributeNames.ScaleO, so) };
        if (oBits is int ob) attrs.Add((AttributeNames.OBits, ob));
        mb.Node(OpTypes.BmmInt, ["x", "y"], ["z"], "bmm", attrs: [.. attrs]);
        return mb;
    }

    [Fact]
    public void BmmInt_RandomShapes_EqualsPlainReference()
        => Gen.Select(Gen.Int[1, 3], Gen.Int[1, 5], Gen.Int[1, 40], Gen.Int[1, 5], Gen.Int[0, 6], Gen.Int[0, 6], Gen.Int[0, 12], Gen.Int[0, 100_000])
            .Where(t => t.Item7 <= t.Item5 + t.Item6)
            .Sample((b, m, k, n, qx, qy, qo, seed) =>
            {
                var rnd = new Random(seed);
                var x = Enumerable.Range(0, b * m * k).Select(_ => (sbyte)rnd.Next(-128, 128)).ToArray();
                var y = Enumerable.Range(0, b * k * n).Select(_ => (sbyte)rnd.Next(-128, 128)).ToArray();
                using var rt = Bmm([b, m, k], [b, k, n], OnnxModelBuilder.S(qx), OnnxModelBuilder.S(qy), OnnxModelBuilder.S(qo)).Load();
                var z = rt.Run(new Dictionary<string, RuntimeTensor> { ["x"] = new("x", [b, m, k], x), ["y"] = new("y", [b, k, n], y) }).Outputs[0].Int8!;
                int shift = qx + qy - qo;
                for (int bb = 0; bb < b; bb++)
                for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    long acc = 0;
                    for (int t = 0; t < k; t++) acc += x[(bb * m + i) * k + t] * y[(bb * k + t) * n + j];
                    long r = (long)Math.Floor(acc / Math.Pow(2, shift) + 0.5);
                    Assert.Equal((sbyte)Math.Clamp(r, -128, 127), z[(bb * m + i) * n + j]);
                }
            }, iter: 40);

    [Fact]
    public void Load_BmmIntWideOutput_Refused()
        => LoadFails(Bmm([2, 3], [3, 4], 16f, 16f, 16f, oBits: 16), "'bmm'", "o_bits");

    [Fact]
    public void Load_BmmIntRightOperandOver32KB_RefusedOnVenusOnly()
    {
        LoadFails(Bmm([1, 256], [256, 129], 16f, 16f, 16f), "'bmm'", "32 KB");
        using var rt = Bmm([1, 256], [256, 129], 16f, 16f, 16f).Load(ChipTarget.Generic);
    }

    [Fact]
    public void Load_BmmIntFinerOutput_Refused()
        => LoadFails(Bmm([2, 3], [3, 4], 2f, 2f, 8f), "'bmm'", "finer");

    private static OnnxModelBuilder LayerNorm(long[] xShape, int t)
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, xShape).Output("y", OnnxDataTypes.Int8);
        var w = OnnxModelBuilder.Tensor("w", OnnxDataTypes.Int16, [t]);
        w.RawData = ByteString.CopyFrom(Enumerable.Range(0, t).SelectMany(_ => BitConverter.GetBytes((short)16384)).ToArray());
        mb.Graph.Initializer.Add(w);
        mb.Int32("b", new int[t], t);
        mb.Node(OpTypes.LayerNormInt, ["x", "w", "b"], ["y"], "ln",
            attrs: [(AttributeNames.ScaleX, 16f), (AttributeNames.ScaleW, 16384f), (AttributeNames.ScaleO, 32f), (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 16), (AttributeNames.OBits, 8)]);
        return mb;
    }

    [Fact]
    public void Load_LayerNormIntNormalizedSizeAbove362_RefusedOnVenus()
    {
        LoadFails(LayerNorm([1, 2, 363], 363), "'ln'", "2^31");
        using var rt = LayerNorm([1, 2, 363], 363).Load(ChipTarget.Generic);
        using var ok = LayerNorm([1, 2, 362], 362).Load();
    }

    [Fact]
    public void Load_LayerNormIntTwoDimInput_RefusedOnVenus()
        => LoadFails(LayerNorm([2, 8], 8), "'ln'", "2 dims");

    [Fact]
    public void LayerNormInt_UnitWeightZeroBias_NormalisesEachRow()
    {
        using var rt = LayerNorm([1, 2, 4], 4).Load();
        var y = rt.Run(new RuntimeTensor("x", [1, 2, 4], new sbyte[] { -16, -8, 8, 16, 5, 5, 5, 5 })).Outputs[0];
        // Row 1 has mean 0, std √160 (·16 in int8 units): (x − mean)/std at Q5 ≈ round(32·{−1.26, −0.63, 0.63, 1.26}).
        Assert.Equal(new sbyte[] { -40, -20, 20, 40 }, y.Int8![..4]);
        Assert.Equal(new sbyte[] { 0, 0, 0, 0 }, y.Int8![4..]); // a constant row normalises to 0
    }

    /// <summary>int8 graph input (graph inputs are float or int8) → for wider inputs an exact 8 → inBits widening → the Requant under test 'rq'.</summary>
    private static OnnxModelBuilder Requant(int inBits, int qIn, int outBits, int qOut)
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Output("y", OnnxDataTypes.IntOfBits(outBits));
        string src = "x";
        if (inBits > 8)
        {
            mb.Node(OpTypes.Requant, ["x"], ["wide"], "widen",
                attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, OnnxModelBuilder.S(qIn - (inBits - 8))), (AttributeNames.ScaleO, OnnxModelBuilder.S(qIn)), (AttributeNames.OBits, inBits)]);
            src = "wide";
        }
        mb.Node(OpTypes.Requant, [src], ["y"], "rq",
            attrs: [(AttributeNames.DataBits, inBits), (AttributeNames.ScaleX, OnnxModelBuilder.S(qIn)), (AttributeNames.ScaleO, OnnxModelBuilder.S(qOut)), (AttributeNames.OBits, outBits)]);
        return mb;
    }

    [Theory]
    [InlineData(16, 8, 8, 0, "int8 input only")]
    [InlineData(8, 0, 8, 7, "≤ 6")]
    [InlineData(8, 0, 16, 9, "≤ 8")]
    [InlineData(8, 4, 32, 3, "q_out ≥ q_in")]
    public void Load_RequantChipCannotRun_RefusedOnVenusRunsGeneric(int inBits, int qIn, int outBits, int qOut, string why)
    {
        LoadFails(Requant(inBits, qIn, outBits, qOut), "'rq'", why);
        using var rt = Requant(inBits, qIn, outBits, qOut).Load(ChipTarget.Generic);
    }

    [Fact]
    public void Requant_AnyWidths_EqualsPlainReference()
        => Gen.Select(Gen.OneOf(8, 16, 32), Gen.OneOf(8, 16, 32), Gen.Int[0, 30], Gen.Int[0, 30], Gen.Int[0, 100_000]).Sample((inBits, outBits, qIn, qOut, seed) =>
        {
            var rnd = new Random(seed);
            var x8 = new sbyte[] { -128, 127, (sbyte)rnd.Next(-128, 128), (sbyte)rnd.Next(-128, 128) };
            using var rt = Requant(inBits, qIn, outBits, qOut).Load(ChipTarget.Generic);
            var result = rt.Run(new RuntimeTensor("x", [4], x8), new RunOptions { Dump = true });
            var y = result.DumpOf("y");
            long olo = -(1L << (outBits - 1)), ohi = (1L << (outBits - 1)) - 1;
            for (int i = 0; i < 4; i++)
            {
                long wide = (long)x8[i] << (inBits - 8); // the exact widening in front
                double exact = wide * Math.Pow(2, qOut - qIn);
                long expected = (long)Math.Clamp(Math.Floor(exact + 0.5), olo, ohi);
                Assert.Equal(expected, y.GetInteger(i));
            }
        }, iter: 60);
}
