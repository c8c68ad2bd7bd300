using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of a one-input iq op with an output scale (MulScalar, AddScalar, Clamp, Sum, Var).</summary>
internal sealed record UnaryCall(Tensor X, Pow2Scale ScaleX, Pow2Scale ScaleO, Tensor Output);
