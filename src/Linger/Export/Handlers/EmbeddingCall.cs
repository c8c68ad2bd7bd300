using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of EmbeddingInt: the int64 indices, the table scale and integers, and the output.</summary>
internal sealed record EmbeddingCall(Tensor Indices, Pow2Scale WeightScale, Tensor WeightIntegers, Tensor Output);
