using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of a one-input integer op whose input scale is all the node needs (AvgPool2dInt).</summary>
internal sealed record ScaledCall(Tensor Input, Pow2Scale InputScale, Tensor Output);
