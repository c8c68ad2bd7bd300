using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Bmm / MatMul (BmmInt): both operands with their scales, and the output.</summary>
internal sealed record BmmCall(Tensor X, Pow2Scale ScaleX, Tensor Y, Pow2Scale ScaleY, Pow2Scale ScaleO, Tensor Output);
