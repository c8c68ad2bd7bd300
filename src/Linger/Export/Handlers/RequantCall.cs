using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Requant: input, its scale and width, output scale and width, output.</summary>
internal sealed record RequantCall(Tensor X, Pow2Scale ScaleX, int InBits, Pow2Scale ScaleO, int OutBits, Tensor Output);
