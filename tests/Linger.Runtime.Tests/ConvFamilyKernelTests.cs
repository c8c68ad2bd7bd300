using System.Numerics;
using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static LingerNet.Runtime.Tests.Reference;

namespace LingerNet.Runtime.Tests;

/// <summary>Runtime kernels of the conv family against plain references written independently of them.</summary>
public class ConvFamilyKernelTests
{
    private sealed record TCase(int N, int C, int H, int W, int Ocg, int KH, int KW, int SH, int SW, int PH, int PW, int OPH, int OPW,
        int DH, int DW, int Group, int Qx, int Qw, int Qo, sbyte[] X, sbyte[] Wt, int[] B);

    private static TCase RandomTranspose(Random r)
    {
        int group = r.Next(1, 3), icg = r.Next(1, 3), ocg = r.Next(1, 3);
        int kh = r.Next(1, 4), kw = r.Next(1, 4), sh = r.Next(1, 4), sw = r.Next(1, 4), dh = r.Next(1, 3), dw = r.Next(1, 3);
        int ph = r.Next(0, kh), pw = r.Next(0, kw);
        int oph = r.Next(0, Math.Max(sh, dh)), opw = r.Next(0, Math.Max(sw, dw));
        int n = r.Next(1, 3), h = r.Next(1, 5), w = r.Next(1, 5), c = icg * group;
        int qx = r.Next(0, 7), qw = r.Next(0, 7);
        int mag = r.Next(3) == 0 ? int.MaxValue : 1 << 14;
        return new TCase(n, c, h, w, ocg, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, group, qx, qw, qx + qw - r.Next(0, 12),
            RandomInt8(r, n * c * h * w), RandomInt8(r, c * ocg * kh * kw), RandomInt32(r, ocg * group, mag));
    }

    /// <summary>Scatter form: every input element adds x·w into the full output, then the padding is cropped.</summary>
    private static (int[] Shape, BigInteger[] Acc) TransposeReference(TCase k)
    {
        int oc = k.Ocg * k.Group, icg = k.C / k.Group;
        int fullH = (k.H - 1) * k.SH + k.DH * (k.KH - 1) + 1 + k.OPH, fullW = (k.W - 1) * k.SW + k.DW * (k.KW - 1) + 1 + k.OPW;
        int oh = fullH - 2 * k.PH, ow = fullW - 2 * k.PW;
        var full = new BigInteger[k.N, oc, fullH, fullW];
        for (int n = 0; n < k.N; n++)
        for (int c = 0; c < k.C; c++)
        for (int y = 0; y < k.H; y++)
        for (int x = 0; x < k.W; x++)
        for (int o = 0; o < k.Ocg; o++)
        for (int u = 0; u < k.KH; u++)
        for (int v = 0; v < k.KW; v++)
            full[n, (c / icg) * k.Ocg + o, y * k.SH + u * k.DH, x * k.SW + v * k.DW] +=
                k.X[((n * k.C + c) * k.H + y) * k.W + x] * k.Wt[((c * k.Ocg + o) * k.KH + u) * k.KW + v];
        var acc = new List<BigInteger>();
        for (int n = 0; n < k.N; n++)
        for (int o = 0; o < oc; o++)
        for (int y = 0; y < oh; y++)
        for (int x = 0; x < ow; x++)
            acc.Add(Sat(full[n, o, y + k.PH, x + k.PW] + k.B[o], 32));
        return ([k.N, oc, oh, ow], acc.ToArray());
    }

    [Fact]
    public void ConvTranspose2dInt_RandomGeometry_EqualsScatterReference()
    {
        Gen.Int.Sample(seed =>
        {
            var k = RandomTranspose(new Random(seed));
            var (shape, acc) = TransposeReference(k);
            if (shape[2] < 1 || shape[3] < 1) return;
            var b = new OnnxModelBuilder()
                .Input("x", OnnxDataTypes.Int8, L(k.N, k.C, k.H, k.W))
                .Output("y", OnnxDataTypes.Int8)
                .Int8("w", k.Wt, L(k.C, k.Ocg, k.KH, k.KW))
                .Int32("b", k.B, k.Ocg * k.Group);
            b.Node(OpTypes.ConvTranspose2dInt, ["x", "w", "b"], ["y"], "deconv", attrs:
            [
                (AttributeNames.ScaleX, OnnxModelBuilder.S(k.Qx)), (AttributeNames.ScaleW, OnnxModelBuilder.S(k.Qw)),
                (AttributeNames.ScaleO, OnnxModelBuilder.S(k.Qo)), (AttributeNames.OBits, 8),
                (AttributeNames.KernelShape, new[] { k.KH, k.KW }), (AttributeNames.Strides, new[] { k.SH, k.SW }),
                (AttributeNames.Pads, new[] { k.PH, k.PW, k.PH, k.PW }), (AttributeNames.OutputPadding, new[] { k.OPH, k.OPW }),
                (AttributeNames.Dilations, new[] { k.DH, k.DW }), (AttributeNames.Group, k.Group),
            ]);
            using var rt = b.Load(ChipTarget.Generic);
            var o = rt.Run(k.X).Outputs[0];
            Assert.Equal(shape, o.Shape);
            Assert.Equal(acc.Select(a => Sat8(Rsh(a, k.Qx + k.Qw - k.Qo))).ToArray(), o.Int8);
        }, iter: 200);
    }

    [Fact]
    public void Conv1dInt_RandomGeometry_EqualsOneDimensionalReference()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int group = r.Next(1, 3), icg = r.Next(1, 3), ocg = r.Next(1, 3), k = r.Next(1, 5), s = r.Next(1, 4), d = r.Next(1, 3);
            int pb = r.Next(0, 3), pe = r.Next(0, 3), n = r.Next(1, 3), c = icg * group, oc = ocg * group;
            int len = Math.Max(1, d * (k - 1) + 1 - pb - pe) + r.Next(6);
            int qx = r.Next(0, 7), qw = r.Next(0, 7), qo = qx + qw - r.Next(0, 12);
            var x = RandomInt8(r, n * c * len);
            var w = RandomInt8(r, oc * icg * k);
            var bias = RandomInt32(r, oc, r.Next(3) == 0 ? int.MaxValue : 1 << 14);
            int ol = (len + pb + pe - d * (k - 1) - 1) / s + 1;
            var expected = new List<sbyte>();
            for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++)
            for (int t = 0; t < ol; t++)
            {
                BigInteger sum = 0;
                for (int i = 0; i < icg; i++)
                for (int u = 0; u < k; u++)
                {
                    int at = t * s + u * d - pb;
                    if (at >= 0 && at < len) sum += x[(b * c + (o / ocg) * icg + i) * len + at] * w[(o * icg + i) * k + u];
                }
                expected.Add(Sat8(Rsh(Sat(sum + bias[o], 32), qx + qw - qo)));
            }
            var mb = new OnnxModelBuilder()
                .Input("x", OnnxDataTypes.Int8, L(n, c, len))
                .Output("y", OnnxDataTypes.Int8)
                .Int8("w", w, L(oc, icg, k))
                .Int32("b", bias, oc);
            mb.Node(OpTypes.Conv1dInt, ["x", "w", "b"], ["y"], "conv", attrs:
            [
                (AttributeNames.ScaleX, OnnxModelBuilder.S(qx)), (AttributeNames.ScaleW, OnnxModelBuilder.S(qw)),
                (AttributeNames.ScaleO, OnnxModelBuilder.S(qo)), (AttributeNames.OBits, 8),
                (AttributeNames.KernelShape, new[] { k }), (AttributeNames.Strides, new[] { s }), (AttributeNames.Pads, new[] { pb, pe }),
                (AttributeNames.Dilations, new[] { d }), (AttributeNames.Group, group),
            ]);
            using var rt = mb.Load(ChipTarget.Generic);
            var y = rt.Run(x).Outputs[0];
            Assert.Equal([n, oc, ol], y.Shape);
            Assert.Equal(expected.ToArray(), y.Int8);
        }, iter: 200);
    }

    [Fact]
    public void Gather_OutOfRangeIndex_IsRefusedWithThePosition()
    {
        var b = new OnnxModelBuilder()
            .Input("idx", OnnxDataTypes.Int64, L(3))
            .Output("y", OnnxDataTypes.Int8)
            .Int8("w", [1, 2, 3, 4], L(2, 2));
        b.Node(OpTypes.ThinkerGather, ["w", "idx"], ["y"], "emb", domain: ThinkerDialect.Domain, attrs:
            [(AttributeNames.ScaleW, OnnxModelBuilder.S(3)), (AttributeNames.ScaleO, OnnxModelBuilder.S(3))]);
        using var rt = b.Load(ChipTarget.Venus);
        Assert.Equal(new sbyte[] { 3, 4, 1, 2, 3, 4 }, rt.Run(new RuntimeTensor("idx", [3], new long[] { 1, 0, 1 })).Outputs[0].Int8);
        var e = Assert.Throws<LingerException>(() => rt.Run(new RuntimeTensor("idx", [3], new long[] { 1, 2, 0 })));
        Assert.Contains("index 2 at position 1", e.Message);
    }
}
