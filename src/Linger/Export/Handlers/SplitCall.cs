using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of Linger.Nn.Split: the input and its parts.</summary>
internal sealed record SplitCall(Tensor Input, Tensor[] Parts);
