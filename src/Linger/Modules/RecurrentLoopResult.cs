using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>What a training-mode time loop returns for one layer and direction.</summary>
/// <param name="Output">[T, B, H], every step's (masked) hidden state, in loop order.</param>
/// <param name="HN">[B, H], the hidden state after the last step.</param>
/// <param name="CN">[B, H], the LSTM cell after the last step; null for a GRU.</param>
/// <param name="RawMaxAbs">max |h'| over all steps (after the clamp, before quantization) when the options ask for it, else 0.</param>
internal sealed record RecurrentLoopResult(Tensor Output, Tensor HN, Tensor? CN, double RawMaxAbs);
