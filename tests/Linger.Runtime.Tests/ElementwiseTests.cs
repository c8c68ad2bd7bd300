using System.Numerics;
using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;
using static LingerNet.Runtime.Tests.Reference;

namespace LingerNet.Runtime.Tests;

public class ElementwiseTests
{
    [Fact]
    public void IqAdd_Random_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int n = r.Next(1, 50), qo = r.Next(-2, 6), qx = qo + r.Next(0, 10), qy = qo + r.Next(0, 10);
            var x = RandomInt8(r, n); var y = RandomInt8(r, n);
            var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, n).Input("y", OnnxDataTypes.Int8, 1, n).Output("z", OnnxDataTypes.Int8);
            mb.Node(OpTypes.IqAdd, ["x", "y"], ["z"], "add", attrs: [(AttributeNames.ScaleX, OnnxModelBuilder.S(qx)), (AttributeNames.ScaleY, OnnxModelBuilder.S(qy)),
                (AttributeNames.ScaleO, OnnxModelBuilder.S(qo)), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant), (AttributeNames.Mode, AttributeValues.NonT710Mode)]);
            using var rt = mb.Load();
            var z = rt.Run(new Dictionary<string, RuntimeTensor> { ["x"] = new("x", [1, n], x), ["y"] = new("y", [1, n], y) }).Outputs[0].Int8!;
            for (int i = 0; i < n; i++)
                Assert.Equal(Sat8((BigInteger)Sat8(Rsh(x[i], qx - qo)) + Sat8(Rsh(y[i], qy - qo))), z[i]);
        }, iter: 300);
    }

    [Fact]
    public void IqCat_Random_EqualsSpecFormula()
    {
        Gen.Int.Sample(seed =>
        {
            var r = new Random(seed);
            int rank = r.Next(1, 4), k = r.Next(1, 4), qo = r.Next(0, 6);
            int[] dims = Enumerable.Range(0, rank).Select(_ => r.Next(1, 4)).ToArray();
            int dim = r.Next(-rank, rank), axis = dim < 0 ? dim + rank : dim;
            var parts = Enumerable.Range(0, k).Select(_ =>
            {
                int[] s = (int[])dims.Clone(); s[axis] = r.Next(1, 4);
                return (Shape: s, Q: qo + r.Next(-6, 8), Data: RandomInt8(r, s.Aggregate(1, (a, b) => a * b)));
            }).ToList();
            var mb = new OnnxModelBuilder().Output("y", OnnxDataTypes.Int8);
            var attrs = new List<(string, object)> { (AttributeNames.ScaleO, OnnxModelBuilder.S(qo)), (AttributeNames.Dim, dim) };
            for (int i = 0; i < k; i++) { mb.Input($"x{i}", OnnxDataTypes.Int8, L(parts[i].Shape)); attrs.Add((AttributeNames.ScaleXAt(i), OnnxModelBuilder.S(parts[i].Q))); }
            mb.Node(OpTypes.IqCat, [.. Enumerable.Range(0, k).Select(i => $"x{i}")], ["y"], "cat", attrs: [.. attrs]);
            using var rt = mb.Load();
            var o = rt.Run(Enumerable.Range(0, k).ToDictionary(i => $"x{i}", i => new RuntimeTensor($"x{i}", parts[i].Shape, parts[i].Data))).Outputs[0];
            // Reference: rescale every element, then concatenate by walking outer × (axis blocks) × inner.
            int outer = dims.Take(axis).Aggregate(1, (a, b) => a * b), inner = dims.Skip(axis + 1).Aggregate(1, (a, b) => a * b);
            var expected = new List<sbyte>();
            for (int o2 = 0; o2 < outer; o2++)
                foreach (var p in parts)
                    for (int j = 0; j < p.Shape[axis] * inner; j++)
                    {
                        BigInteger v = p.Data[o2 * p.Shape[axis] * inner + j];
                        expected.Add(p.Q >= qo ? Sat8(Rsh(v, p.Q - qo)) : Sat8(v * BigInteger.Pow(2, qo - p.Q)));
                    }
            Assert.Equal(expected, o.Int8!);
            int[] shape = (int[])dims.Clone(); shape[axis] = parts.Sum(p => p.Shape[axis]);
            Assert.Equal(shape, o.Shape);
        }, iter: 300);
    }

    [Fact]
    public void Relu_Int8_ClampsNegatives()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 4).Output("y", OnnxDataTypes.Int8);
        mb.Std(OpTypes.Relu, ["x"], ["y"], "relu");
        using var rt = mb.Load();
        Assert.Equal(new sbyte[] { 0, 0, 1, 127 }, rt.Run(new sbyte[] { -128, 0, 1, 127 }).Outputs[0].Int8);
    }

    [Fact]
    public void QuantDequant_Float32HalfUpAndSaturation()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Float, 7).Output("y");
        mb.Node(OpTypes.Quant, ["x"], ["q"], "quant", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, 2f), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
        mb.Node(OpTypes.Dequant, ["q"], ["y"], "dequant", attrs: [(AttributeNames.ScaleO, 2f)]);
        using var rt = mb.Load();
        var o = rt.Run(new float[] { 1.25f, -1.25f, -0.75f, 100f, -100f, 0.2f, float.NaN }).Outputs[0];
        // x·2 + 0.5 floored: 2.5+.5 → 3, −2.5+.5 → −2, −1.5+.5 → −1, saturate, 0.4+.5 → 0; NaN → 0.
        Assert.Equal(new sbyte[] { 3, -2, -1, 127, -128, 0, 0 }, o.Int8);
        Assert.Equal(new float[] { 1.5f, -1f, -0.5f, 63.5f, -64f, 0f, 0f }, o.Float);
    }

    [Fact]
    public void ReshapeAndFlatten_ZeroMinusOneAndNegativeAxis()
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 2, 3, 4).Output("a", OnnxDataTypes.Int8).Output("b", OnnxDataTypes.Int8)
            .Int64("shape", [0, -1], 2);
        mb.Std(OpTypes.Reshape, ["x", "shape"], ["a"], "reshape");
        mb.Std(OpTypes.Flatten, ["x"], ["b"], "flatten", (AttributeNames.Axis, -1));
        using var rt = mb.Load();
        var x = Enumerable.Range(0, 24).Select(i => (sbyte)i).ToArray();
        var r = rt.Run(x);
        Assert.Equal(new[] { 2, 12 }, r["a"].Shape);
        Assert.Equal(new[] { 6, 4 }, r["b"].Shape);
        Assert.Equal(x, r["a"].Int8);
    }
}
