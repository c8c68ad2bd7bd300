using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Softmax / LogSoftmax.</summary>
internal sealed record SoftmaxCall(Tensor X, Pow2Scale ScaleX, long Dim, Pow2Scale ScaleO, Tensor Output);
