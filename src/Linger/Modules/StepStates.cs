using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// The hidden (or cell) states of a time loop, [count, B, H] in one allocation, with each step's [B, H] view starting
/// on a 64-byte boundary as a freshly allocated tensor does: the per-step hidden-state matmul then reads its input
/// exactly as the reference loop's (BLAS kernels may choose their path by alignment), without an allocation per step.
/// </summary>
internal sealed class StepStates
{
    private const int AlignFloats = 16; // 64 bytes, libtorch's CPU allocation alignment

    private readonly int _b, _h;

    /// <summary>Allocates <paramref name="count"/> states of [<paramref name="b"/>, <paramref name="h"/>] float32 on the CPU.</summary>
    public StepStates(int count, int b, int h)
    {
        _b = b;
        _h = h;
        Stride = (b * h + AlignFloats - 1) / AlignFloats * AlignFloats;
        Storage = empty(count, Stride);
        Steps = Storage.narrow(1, 0, b * h).view(count, b, h).unbind(0);
    }

    /// <summary>[count, stride] float32, step k at row k (the padding is never read).</summary>
    public Tensor Storage { get; }

    /// <summary>Floats from one step's start to the next's.</summary>
    public int Stride { get; }

    /// <summary>Step k's [B, H] view.</summary>
    public Tensor[] Steps { get; }

    /// <summary>The memory of all steps (step k's values at [k·Stride, k·Stride + B·H)).</summary>
    public Span<float> Span => HostFloats.Of(Storage);

    /// <summary>Steps [from, from + count) as one contiguous [count·B, H] matrix (a copy), for the weight gradient.</summary>
    public Tensor Rows(int from, int count) => Storage.narrow(0, from, count).narrow(1, 0, _b * _h).reshape(count * _b, _h);

    /// <summary>Wraps <paramref name="storage"/> (saved for backward) again.</summary>
    public StepStates(Tensor storage, int b, int h)
    {
        _b = b;
        _h = h;
        Stride = (int)storage.shape[1];
        Storage = storage;
        Steps = [];
    }
}
