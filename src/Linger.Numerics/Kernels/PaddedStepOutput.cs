namespace LingerNet.Numerics.Kernels;

/// <summary>What a recurrent sequence driver writes at the time steps at or past a row's length.</summary>
public enum PaddedStepOutput
{
    /// <summary>Zeros, as PyTorch's packed sequences give after <c>pad_packed_sequence</c> (linger's intended semantics).</summary>
    Zero,

    /// <summary>Nothing: the output span keeps whatever it held (the venus chip's LSTM, chip-facts.md "LSTMInt").</summary>
    Unwritten,
}
