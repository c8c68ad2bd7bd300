using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of a scale-preserving op (ReLU, max pooling, flatten, identity).</summary>
internal sealed record PassThroughCall(Tensor Input, Tensor Output);
