using CsCheck;
using LingerNet.Numerics.Dialect;
using Xunit;

namespace LingerNet.Runtime.Tests;

/// <summary>thinker Requant: widening then narrowing through the runtime equals rescale-and-saturate per step.</summary>
public class RequantOpTests
{
    private static OnnxModelBuilder Chain(int n, int q0, int wideBits, int q1, int q2)
    {
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Int8, 1, n).Output("z", OnnxDataTypes.Int8);
        mb.Node(OpTypes.Requant, ["x"], ["w"], "widen", attrs: [(AttributeNames.DataBits, 8L), (AttributeNames.ScaleX, OnnxModelBuilder.S(q0)),
            (AttributeNames.ScaleO, OnnxModelBuilder.S(q1)), (AttributeNames.OBits, (long)wideBits)]);
        mb.Node(OpTypes.Requant, ["w"], ["z"], "narrow", attrs: [(AttributeNames.DataBits, (long)wideBits), (AttributeNames.ScaleX, OnnxModelBuilder.S(q1)),
            (AttributeNames.ScaleO, OnnxModelBuilder.S(q2)), (AttributeNames.OBits, 8L)]);
        return mb;
    }

    [Fact]
    public void WidenThenNarrow_Generic_EqualsRescaleSaturatePerStep()
    {
        Gen.Select(Gen.OneOf(16, 32), Gen.Int[0, 8], Gen.Int[-6, 10], Gen.Int[0, 10_000]).Sample((bits, up, q2, seed) =>
        {
            var r = new Random(seed);
            int n = r.Next(1, 40), q0 = 3, q1 = q0 + up;
            var x = Enumerable.Range(0, n).Select(_ => (sbyte)r.Next(-128, 128)).ToArray();
            using var rt = Chain(n, q0, bits, q1, q2).Load(ChipTarget.Generic);
            var z = rt.Run(new Dictionary<string, RuntimeTensor> { ["x"] = new("x", [1, n], x) }).Outputs[0].Int8!;
            for (int i = 0; i < n; i++)
            {
                long w = Numerics.RoundingShift.Rescale(x[i], q0, q1, bits);
                Assert.Equal((sbyte)Numerics.RoundingShift.Rescale(w, q1, q2, 8), z[i]);
            }
        }, iter: 100);
    }

    [Fact]
    public void WideInput_Venus_RefusedSayingInt8Only()
    {
        var e = Assert.Throws<LingerException>(() => Chain(4, 3, 16, 11, 3).Load(ChipTarget.Venus));
        Assert.Contains("takes int8 input only", e.Message);
        Assert.Contains("narrow", e.Message);
    }

    [Fact]
    public void WidenOverflowingTarget_Venus_Refused()
    {
        var e = Assert.Throws<LingerException>(() => Chain(4, 3, 16, 12, 3).Load(ChipTarget.Venus));
        Assert.Contains("overflows the target", e.Message);
    }
}
