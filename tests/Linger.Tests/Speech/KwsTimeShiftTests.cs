using LingerNet.Speech;
using TorchSharp;
using Xunit;

namespace LingerNet.Tests.Speech;

public class KwsTimeShiftTests
{
    [Fact]
    public void Apply_EachClipIsItselfMovedInTimeWithSilenceShiftedIn()
    {
        torch.random.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        const int n = 16, frames = 98, bins = 40;
        var x = torch.arange(n * frames * bins, dtype: torch.ScalarType.Float32).view(n, 1, frames, bins);
        var y = KwsTimeShift.Apply(x, 10);
        Assert.Equal(x.shape, y.shape);
        var xs = x.data<float>().ToArray();
        var ys = y.data<float>().ToArray();
        int moved = 0;
        for (int i = 0; i < n; i++)
        {
            // Find the shift from the first frame that is not silence, then check every frame.
            int shift = Enumerable.Range(-10, 21).Single(s => Enumerable.Range(0, frames).All(t =>
            {
                int src = t - s;
                for (int b = 0; b < bins; b++)
                {
                    float expected = src is >= 0 and < frames ? xs[(i * frames + src) * bins + b] : KwsTimeShift.SilenceValue;
                    if (ys[(i * frames + t) * bins + b] != expected) return false;
                }
                return true;
            }));
            if (shift != 0) moved++;
        }
        Assert.True(moved > n / 2); // 21 possible shifts: most clips move
    }

    [Fact]
    public void SilenceValue_IsTheFeatureCodeOfTheEnergyFloor()
        => Assert.Equal(-126f / 32, KwsTimeShift.SilenceValue);

    [Fact]
    public void Apply_ZeroMax_ReturnsTheBatch()
    {
        using var x = torch.ones(2, 1, 98, 40);
        Assert.Same(x, KwsTimeShift.Apply(x, 0));
    }
}
