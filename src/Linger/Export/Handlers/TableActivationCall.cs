using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of iqSigmoid/iqTanh on the int16 value <paramref name="Wide"/> (the Requant's output) at <paramref name="ScaleWide"/>.</summary>
internal sealed record TableActivationCall(Tensor Wide, Pow2Scale ScaleWide, Tensor Output);
