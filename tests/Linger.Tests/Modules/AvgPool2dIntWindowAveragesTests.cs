using LingerNet.Modules;
using LingerNet.Numerics;
using Xunit;
using static TorchSharp.torch;

namespace LingerNet.Tests.Modules;

public class AvgPool2dIntWindowAveragesTests
{
    [Fact]
    public void WindowAverages_EverySumAndArea_EqualsChipDivision()
    {
        // Every int16 window sum (and values beyond, which SAT16 must clamp) for every window area the
        // chip divides (1..127) and the power-of-two areas above: the tensor formula equals the scalar one.
        var sums = Enumerable.Range(-33000, 66001).Select(v => (double)v).ToArray();
        using var t = tensor(sums, ScalarType.Float64);
        foreach (int area in Enumerable.Range(1, 127).Concat([128, 256, 1024]))
        {
            sbyte[] expected;
            try { expected = sums.Select(s => ChipDivision.AvgPoolWindow((long)s, area, 0, 0)).ToArray(); }
            catch (LingerException) { continue; } // an area whose tie rule the chip has not shown
            using var scope = NewDisposeScope();
            var actual = AvgPool2dInt.WindowAverages(t, area).data<double>().ToArray();
            Assert.Equal(expected.Select(v => (double)v).ToArray(), actual);
        }
    }
}
