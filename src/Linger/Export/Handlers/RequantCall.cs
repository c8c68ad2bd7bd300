using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>A bit-width change a module makes in front of its op: <c>thinker::Requant</c> from <paramref name="Input"/> to <paramref name="Output"/>.</summary>
internal sealed record RequantCall(Tensor Input, Pow2Scale ScaleX, int InBits, Tensor Output, Pow2Scale ScaleO, int OutBits);
