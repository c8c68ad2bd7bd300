using System.Numerics;
using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static LingerNet.Runtime.Tests.Reference;

namespace LingerNet.Runtime.Tests;

public class LinearBatchNormTests
{
    [Fact]
    public void LinearInt_RandomShapes_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int[] lead = r.Next(3) switch { 0 => [r.Next(1, 4)], 1 => [r.Next(1, 3), r.Next(1, 4)], _ => [] };
            int n = r.Next(1, 40), l = r.Next(1, 12), m = lead.Aggregate(1, (a, b) => a * b);
            int qx = r.Next(0, 8), qw = r.Next(0, 8), qo = qx + qw - r.Next(0, 16);
            bool bias = r.Next(2) == 0, floatOut = r.Next(5) == 0;
            var x = RandomInt8(r, m * n); var w = RandomInt8(r, l * n); var b = RandomInt32(r, l, 1 << 20);
            var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, L([.. lead, n])).Output("y", floatOut ? OnnxDataTypes.Float : OnnxDataTypes.Int8).Int8("w", w, l, n);
            if (bias) mb.Int32("b", b, l);
            var attrs = new List<(string, object)> { (AttributeNames.ScaleX, OnnxModelBuilder.S(qx)), (AttributeNames.ScaleW, OnnxModelBuilder.S(qw)) };
            if (!floatOut) { attrs.Add((AttributeNames.ScaleO, OnnxModelBuilder.S(qo))); attrs.Add((AttributeNames.OBits, 8)); }
            mb.Node(OpTypes.LinearInt, bias ? ["x", "w", "b"] : ["x", "w"], ["y"], "fc", attrs: [.. attrs]);
            using var rt = mb.Load();
            var o = rt.Run(x).Outputs[0];
            Assert.Equal([.. lead, l], o.Shape);
            for (int i = 0; i < m; i++)
            for (int j = 0; j < l; j++)
            {
                BigInteger acc = bias ? b[j] : 0;
                for (int k = 0; k < n; k++) acc += x[i * n + k] * w[j * n + k];
                if (floatOut) Assert.Equal((float)((double)acc / Math.ScaleB(1.0, qx + qw)), o.Float![i * l + j]);
                else Assert.Equal(Sat8(Rsh(acc, qx + qw - qo)), o.Int8![i * l + j]);
            }
        }, iter: 300);
    }

    [Fact]
    public void LinearInt_HandComputed()
    {
        // y = RSH(x·w + b, 2): (1·2 + 2·(−3) + 1) = −3 → RSH(−3, 2) = floor(−0.75 + 0.5) = −1; (1 + 2 + 1) = 4 → 1.
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, 2).Output("y", OnnxDataTypes.Int8)
            .Int8("w", [2, -3, 1, 1], 2, 2).Int32("b", [1, 1], 2);
        mb.Node(OpTypes.LinearInt, ["x", "w", "b"], ["y"], "fc", attrs: [(AttributeNames.ScaleX, 4f), (AttributeNames.ScaleW, 1f), (AttributeNames.ScaleO, 1f), (AttributeNames.OBits, 8)]);
        using var rt = mb.Load();
        Assert.Equal(new sbyte[] { -1, 1 }, rt.Run(new sbyte[] { 1, 2 }).Outputs[0].Int8);
    }

    [Fact]
    public void BatchNorm2dInt_RandomShapes_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int n = r.Next(1, 3), c = r.Next(1, 6), h = r.Next(1, 5), w = r.Next(1, 5);
            int qx = r.Next(0, 8), qw = r.Next(0, 8), qo = qx + qw - r.Next(0, 14);
            var x = RandomInt8(r, n * c * h * w); var a = RandomInt8(r, c); var b = RandomInt32(r, c, r.Next(2) == 0 ? 1 << 14 : int.MaxValue);
            var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, n, c, h, w).Output("y", OnnxDataTypes.Int8)
                .Int8("alpha", a, c).Int32("beta", b, c).Float("mean", new float[c], c).Float("var", Enumerable.Repeat(1f, c).ToArray(), c);
            mb.Node(OpTypes.BatchNorm2dInt, ["x", "alpha", "beta", "mean", "var"], ["y"], "bn",
                attrs: [(AttributeNames.ScaleX, OnnxModelBuilder.S(qx)), (AttributeNames.ScaleW, OnnxModelBuilder.S(qw)), (AttributeNames.ScaleO, OnnxModelBuilder.S(qo)), (AttributeNames.OBits, 8)]);
            using var rt = mb.Load();
            var y = rt.Run(x).Outputs[0].Int8!;
            for (int i = 0; i < x.Length; i++)
            {
                int ch = i / (h * w) % c;
                Assert.Equal(Sat8(Rsh((BigInteger)x[i] * a[ch] + b[ch], qx + qw - qo)), y[i]);
            }
        }, iter: 200);
    }
}
