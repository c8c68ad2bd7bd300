using LingerNet.Modules;
using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>The exponents a quantized layer must use in eval, from its buffers and weight by linger-spec §1.1/§1.4.</summary>
public static class LayerScales
{
    public static (int Ex, int Ew, int Eo) Expected(QuantizedLayer q, Tensor weight)
    {
        int ex = Pow2Scale.FromRunning(q.RunningX.item<float>(), 8).Exponent;
        int ew = Pow2Scale.FromMaxAbs(weight.abs().max().item<float>(), 8).Exponent;
        int eo = Math.Min(Pow2Scale.FromRunning(q.RunningO.item<float>(), 8).Exponent, ex + ew);
        return (ex, ew, eo);
    }
}
