using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>An eval call of a layer with a weight (Conv2dInt, LinearInt, BatchNorm2dInt): the integer pipeline's inputs and scales.</summary>
internal sealed record LayerCall(Tensor Input, Pow2Scale InputScale, Tensor Weight, Tensor? Bias, Pow2Scale WeightScale, Pow2Scale? OutputScale, Tensor Output);
