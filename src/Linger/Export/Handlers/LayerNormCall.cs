using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of LayerNormInt: the input, its scale, the int16 γ and int32 β integers (float64 tensors), γ's scale and the output.</summary>
internal sealed record LayerNormCall(Tensor Input, Pow2Scale ScaleX, Tensor WeightIntegers, Tensor BiasIntegers, Pow2Scale ScaleW, Pow2Scale ScaleO, Tensor Output);
