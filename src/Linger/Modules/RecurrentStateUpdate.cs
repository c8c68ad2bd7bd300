using LingerNet.Numerics;
using LingerNet.Quantization;

namespace LingerNet.Modules;

/// <summary>
/// The per-element end of a training step shared by the fast GRU and LSTM loops: the new hidden state h' is clamped
/// (a constrained layer's bound), observed for the output statistics, and fake-quantized to int8 at 2^q_o; the float
/// operations are the reference loop's (<c>clamp</c>, <c>aminmax</c>, <see cref="FakeQuantize"/>) in float32.
/// </summary>
internal sealed class RecurrentStateUpdate
{
    private readonly bool _clamp, _quantized;
    private readonly float _lo, _hi, _scale, _qmin, _qmax;
    private float _min = float.PositiveInfinity, _max = float.NegativeInfinity;

    /// <summary>The update for one layer and direction with options <paramref name="o"/> and <paramref name="bits"/>-bit states.</summary>
    public RecurrentStateUpdate(RecurrentLoopOptions o, int bits)
    {
        _clamp = o.ClampOutput is not null;
        _hi = (float)(o.ClampOutput ?? 0);
        _lo = -_hi;
        _quantized = o.Quantized;
        _scale = (float)o.OutputScale;
        _qmin = QuantRange.Min(bits);
        _qmax = QuantRange.Max(bits);
    }

    /// <summary>Whether the clamp is set (then the loop keeps its inputs for the backward).</summary>
    public bool Clamps => _clamp;

    /// <summary>max |h'| over every value passed to <see cref="Quantize"/> (after the clamp), as max(max h', −min h').</summary>
    public double RawMaxAbs => _max < _min ? 0 : Math.Max(_max, -_min);

    /// <summary>Clamps, observes and fake-quantizes one new hidden-state value.</summary>
    public float Quantize(float hNew)
    {
        if (_clamp) hNew = Math.Min(Math.Max(hNew, _lo), _hi);
        if (hNew < _min) _min = hNew;
        if (hNew > _max) _max = hNew;
        return _quantized ? FakeQuantize.Value(hNew, _scale, _qmin, _qmax) : hNew;
    }

    /// <summary>Whether the clamp passes the gradient at input <paramref name="preClamp"/> (libtorch's rule: lo ≤ x ≤ hi).</summary>
    public bool Passes(float preClamp) => !_clamp || (preClamp >= _lo && preClamp <= _hi);
}
