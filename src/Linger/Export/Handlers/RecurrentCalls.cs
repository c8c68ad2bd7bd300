using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using static TorchSharp.torch;

namespace LingerNet.Export.Handlers;

/// <summary>What a GRUInt / LSTMInt eval call records: one of the records below per node.</summary>
internal abstract record RecurrentCall;

/// <summary>The lengths tensor, written as a Constant int64 node the recurrent nodes read.</summary>
internal sealed record RecurrentConstantCall(Tensor Lengths) : RecurrentCall;

/// <summary>One layer and direction: one GRUInt* / LSTMInt node.</summary>
internal sealed record RecurrentNodeCall(
    bool Lstm, int Layer, bool Reverse, Tensor Input, Pow2Scale ScaleI, Tensor? Lengths, Tensor? H0, Tensor? C0,
    RecurrentParameters Parameters, bool BatchFirst, GruFormula? Formula, int NodesInModule,
    Pow2Scale ScaleIw, Pow2Scale ScaleHw, Pow2Scale ScaleO, bool HasBias, Tensor Output, Tensor HN, Tensor? CN) : RecurrentCall;

/// <summary>The two directions' outputs concatenated on the feature axis (iqCat, both at scale_o).</summary>
internal sealed record RecurrentConcatCall(Tensor Forward, Tensor Reverse, Pow2Scale ScaleO, Tensor Output) : RecurrentCall;
