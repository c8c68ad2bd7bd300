using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Cat (iqCat).</summary>
internal sealed record CatCall(Tensor[] Inputs, Pow2Scale[] Scales, long Dim, Pow2Scale ScaleO, Tensor Output);
