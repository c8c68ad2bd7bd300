using System.Numerics;
using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static LingerNet.Runtime.Tests.Reference;

namespace LingerNet.Runtime.Tests;

public class Conv2dIntTests
{
    internal sealed record Case(int N, int C, int H, int W, int OC, int KH, int KW, int SH, int SW, int[] Pads, int DH, int DW,
        int Group, bool Bias, int Qx, int Qw, int? Qo, sbyte[] X, sbyte[] Wt, int[] B);

    private static Case RandomCase(Random r)
    {
        int group = r.Next(3) switch { 0 => 1, 1 => 2, _ => 3 };
        int icg = r.Next(1, 3), ocg = r.Next(1, 3);
        int c = icg * group, oc = ocg * group;
        int kh = r.Next(1, 4), kw = r.Next(1, 4), dh = r.Next(1, 3), dw = r.Next(1, 3);
        int[] pads = [r.Next(3), r.Next(3), r.Next(3), r.Next(3)];
        int h = Math.Max(1, dh * (kh - 1) + 1 - pads[0] - pads[2]) + r.Next(5);
        int w = Math.Max(1, dw * (kw - 1) + 1 - pads[1] - pads[3]) + r.Next(5);
        int n = r.Next(1, 3);
        int qx = r.Next(-2, 8), qw = r.Next(0, 8);
        int? qo = r.Next(5) == 0 ? null : qx + qw - r.Next(0, 14);
        bool bias = r.Next(2) == 0;
        int mag = r.Next(3) == 0 ? int.MaxValue : 1 << 16; // sometimes huge biases: SAT32 must saturate
        return new Case(n, c, h, w, oc, kh, kw, r.Next(1, 3), r.Next(1, 3), pads, dh, dw, group, bias, qx, qw, qo,
            RandomInt8(r, n * c * h * w), RandomInt8(r, oc * icg * kh * kw), RandomInt32(r, oc, mag));
    }

    internal static LingerRuntime Build(Case k)
    {
        var b = new OnnxModelBuilder()
            .Input("x", OnnxDataTypes.Int8, L(k.N, k.C, k.H, k.W))
            .Output("y", k.Qo is null ? OnnxDataTypes.Float : OnnxDataTypes.Int8)
            .Int8("w", k.Wt, L(k.OC, k.C / k.Group, k.KH, k.KW));
        var inputs = new List<string> { "x", "w" };
        if (k.Bias) { b.Int32("b", k.B, k.OC); inputs.Add("b"); }
        var attrs = new List<(string, object)>
        {
            (AttributeNames.ScaleX, OnnxModelBuilder.S(k.Qx)), (AttributeNames.ScaleW, OnnxModelBuilder.S(k.Qw)),
            (AttributeNames.KernelShape, new[] { k.KH, k.KW }), (AttributeNames.Strides, new[] { k.SH, k.SW }),
            (AttributeNames.Pads, k.Pads), (AttributeNames.Dilations, new[] { k.DH, k.DW }), (AttributeNames.Group, k.Group),
            (AttributeNames.DataBits, 8), (AttributeNames.ParameterBits, 8),
            (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.CastorMode, AttributeValues.CastorModeLuna),
        };
        if (k.Qo is { } qo) { attrs.Add((AttributeNames.ScaleO, OnnxModelBuilder.S(qo))); attrs.Add((AttributeNames.OBits, 8)); }
        b.Node(OpTypes.Conv2dInt, [.. inputs], ["y"], "conv", attrs: [.. attrs]);
        return b.Load(ChipTarget.Generic);
    }

    /// <summary>The spec formula per output element, written independently of the runtime.</summary>
    internal static (int[] Shape, BigInteger[] Acc) ReferenceAcc(Case k)
    {
        int oh = (k.H + k.Pads[0] + k.Pads[2] - k.DH * (k.KH - 1) - 1) / k.SH + 1;
        int ow = (k.W + k.Pads[1] + k.Pads[3] - k.DW * (k.KW - 1) - 1) / k.SW + 1;
        int icg = k.C / k.Group, ocg = k.OC / k.Group;
        var acc = new List<BigInteger>();
        for (int n = 0; n < k.N; n++)
        for (int o = 0; o < k.OC; o++)
        for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++)
        {
            BigInteger s = 0;
            for (int i = 0; i < icg; i++)
            for (int u = 0; u < k.KH; u++)
            for (int v = 0; v < k.KW; v++)
            {
                int iy = y * k.SH + u * k.DH - k.Pads[0], ix = x * k.SW + v * k.DW - k.Pads[1];
                if (iy < 0 || iy >= k.H || ix < 0 || ix >= k.W) continue;
                int c = (o / ocg) * icg + i;
                s += k.X[((n * k.C + c) * k.H + iy) * k.W + ix] * k.Wt[((o * icg + i) * k.KH + u) * k.KW + v];
            }
            if (k.Bias) s = Sat(s + k.B[o], 32);
            acc.Add(s);
        }
        return ([k.N, k.OC, oh, ow], acc.ToArray());
    }

    [Fact]
    public void Run_RandomGeometry_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var k = RandomCase(new Random(seed));
            using var rt = Build(k);
            var o = rt.Run(k.X).Outputs[0];
            var (shape, acc) = ReferenceAcc(k);
            Assert.Equal(shape, o.Shape);
            if (k.Qo is { } qo)
            {
                var expected = acc.Select(a => Sat8(Rsh(a, k.Qx + k.Qw - qo))).ToArray();
                Assert.Equal(expected, o.Int8);
            }
            else
            {
                Assert.Null(o.Int8);
                var expected = acc.Select(a => (float)((double)a / Math.ScaleB(1.0, k.Qx + k.Qw))).ToArray();
                Assert.Equal(expected, o.Float);
            }
        }, iter: 300);
    }

    private static Case Tiny(sbyte[] x, sbyte[] w, int[]? bias, int shift) =>
        new(1, 1, 1, x.Length, 1, 1, 1, 1, 1, [0, 0, 0, 0], 1, 1, 1, bias is not null, 4, 3, 7 - shift, x, w, bias ?? [0]);

    [Fact]
    public void Run_NegativeTies_RoundHalfUp()
    {
        // acc = x·1; shift 1: RSH(−3,1) = −1, RSH(−1,1) = 0, RSH(3,1) = 2, RSH(−5,1) = −2.
        using var rt = Build(Tiny([-3, -1, 3, -5, 1], [1], null, 1));
        Assert.Equal(new sbyte[] { -1, 0, 2, -2, 1 }, rt.Run(new sbyte[] { -3, -1, 3, -5, 1 }).Outputs[0].Int8);
    }

    [Fact]
    public void Run_BiasSaturatesAtInt32_ThenShift()
    {
        // acc = 127·127 + (2^31 − 1) saturates to 2^31 − 1; RSH by 24 → 128 → SAT8 127.
        using var rt = Build(Tiny([127, -128], [127], [int.MaxValue], 24));
        Assert.Equal(new sbyte[] { 127, 127 }, rt.Run(new sbyte[] { 127, -128 }).Outputs[0].Int8);
    }

    [Fact]
    public void Run_HandComputed3x3Padded()
    {
        // 1x1x2x2 input, 3x3 all-ones kernel, pads 1: every output sees all 4 inputs; bias 2; shift 2.
        sbyte[] x = [1, 2, 3, 4];
        var k = new Case(1, 1, 2, 2, 1, 3, 3, 1, 1, [1, 1, 1, 1], 1, 1, 1, true, 2, 0, 0, x, Enumerable.Repeat((sbyte)1, 9).ToArray(), [2]);
        using var rt = Build(k);
        // (10 + 2) / 4 = 3 exactly.
        Assert.Equal(new sbyte[] { 3, 3, 3, 3 }, rt.Run(x).Outputs[0].Int8);
    }

    [Fact]
    public void Run_ShiftOf32OrMore_GivesZero()
    {
        using var rt = Build(Tiny([127], [127], [int.MaxValue], 40));
        Assert.Equal(new sbyte[] { 0 }, rt.Run(new sbyte[] { 127 }).Outputs[0].Int8);
    }
}
