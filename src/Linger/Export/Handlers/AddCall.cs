using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Add (iqAdd).</summary>
internal sealed record AddCall(Tensor X, Pow2Scale ScaleX, Tensor Y, Pow2Scale ScaleY, Pow2Scale ScaleO, Tensor Output);
