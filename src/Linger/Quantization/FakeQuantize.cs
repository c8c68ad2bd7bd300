using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Quantization;

/// <summary>
/// Fake quantization with a straight-through estimator, linger 1.x semantics: the forward value is
/// clamp(floor(x·s + 0.5), lo, hi) / s, the gradient passes through unchanged (no saturation mask,
/// linger-spec §1.7). A custom autograd function is the cheapest formulation on TorchSharp
/// (torchsharp-notes Q1): one fused forward chain, an identity backward.
/// </summary>
internal sealed class FakeQuantize : autograd.SingleTensorFunction<FakeQuantize>
{
    /// <inheritdoc />
    public override string Name => nameof(FakeQuantize);

    /// <summary>Fake-quantizes <paramref name="x"/> at scale <paramref name="scale"/> (a power of two) into [lo, hi].</summary>
    public static Tensor Apply(Tensor x, double scale, long lo, long hi) => apply(x, scale, (double)lo, (double)hi);

    /// <summary>
    /// The forward value of one float32 element: the float32 operations of <see cref="forward"/> in the same order
    /// (each rounds once, as libtorch's), so a C# loop over a tensor's memory gives bit-identical values.
    /// </summary>
    public static float Value(float x, float scale, float lo, float hi) => Math.Min(Math.Max(MathF.Floor(x * scale + 0.5f), lo), hi) / scale;

    /// <inheritdoc />
    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var x = (Tensor)vars[0];
        double s = (double)vars[1], lo = (double)vars[2], hi = (double)vars[3];
        return x.mul(s).add_(0.5).floor_().clamp_(lo, hi).div_(s);
    }

    /// <inheritdoc />
    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad)
        => new() { grad, null!, null!, null! };
}
