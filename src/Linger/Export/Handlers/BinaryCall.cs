using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of a two-operand iq op (Mul, Sub, Div, Max).</summary>
internal sealed record BinaryCall(Tensor X, Pow2Scale ScaleX, Tensor Y, Pow2Scale ScaleY, Pow2Scale ScaleO, Tensor Output);
