using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Quantization;

/// <summary>
/// The running maximum a quantizer keeps in a 1-element buffer (linger-spec §1.3): an exponential
/// moving average with momentum 0.1, but initialised from the first observed batch rather than from
/// zero (DESIGN §3), so a model can be evaluated after a few batches. A buffer value of 0 means
/// "never observed". Buffers are updated in place so the state dict stays current.
/// </summary>
internal static class RunningStatistic
{
    /// <summary>linger's momentum.</summary>
    public const double Momentum = 0.1;

    /// <summary>Folds one observation into the running buffer.</summary>
    public static void Observe(Tensor running, double value)
    {
        using var _ = no_grad();
        double current = running.item<float>();
        double next = current == 0 ? value : (1 - Momentum) * current + Momentum * value;
        running.fill_(next);
    }

    /// <summary>The buffer's current value.</summary>
    public static double Read(Tensor running) => running.item<float>();

    /// <summary>Creates a fresh, never-observed 1-element buffer.</summary>
    public static Tensor NewBuffer() => zeros(1, dtype: ScalarType.Float32);
}
