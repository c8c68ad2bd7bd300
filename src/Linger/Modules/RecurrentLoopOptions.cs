using LingerNet.Numerics.Kernels;

namespace LingerNet.Modules;

/// <summary>
/// How a training-mode recurrent time loop treats the state of one layer and direction (set by <see cref="RecurrentCore"/>):
/// both loop implementations (<see cref="RecurrentReferenceLoop"/>, <see cref="GruTimeLoop"/>/<see cref="LstmTimeLoop"/>)
/// read the same options, so they compute the same thing.
/// </summary>
/// <param name="Quantized">Fake-quantize the new hidden state (int8 at 2^q_o) and the LSTM cell (int16 Q7) at every step; false: the constraint stage's float loop.</param>
/// <param name="OutputExponent">q_o, the exponent of the hidden state's grid (0 in the float loop).</param>
/// <param name="ClampOutput">Clamp every step's new hidden state to ±bound before quantization, or null.</param>
/// <param name="Lengths">Per-row sequence lengths (steps at or past a row's length keep its state and output zero), or null.</param>
/// <param name="Formula">The GRU hidden-state update (ignored by the LSTM).</param>
/// <param name="ObserveRawMax">Report max |h'| over all steps (before quantization, after the clamp) for the output statistics.</param>
internal sealed record RecurrentLoopOptions(bool Quantized, int OutputExponent, double? ClampOutput, int[]? Lengths, GruFormula Formula, bool ObserveRawMax)
{
    /// <summary>2^q_o, the hidden state's fake-quantization scale.</summary>
    public double OutputScale => Math.ScaleB(1.0, OutputExponent);

    /// <summary>The chip GRU's factor on the recurrent term, z·h·2^(q_o − 8) (z·RSH(h, 1) with h at q_o).</summary>
    public double ChipRecurrentFactor => Math.ScaleB(1.0, OutputExponent - 8);
}
