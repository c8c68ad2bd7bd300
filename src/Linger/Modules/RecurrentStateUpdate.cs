using System.Numerics;
using System.Runtime.InteropServices;
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

    /// <summary>The clamp's lower bound (as float32, as libtorch applies it).</summary>
    public float Lower => _lo;

    /// <summary>The clamp's upper bound.</summary>
    public float Upper => _hi;

    /// <summary>Whether the clamp is set (then the loop keeps its inputs for the backward).</summary>
    public bool Clamps => _clamp;

    /// <summary>max |h'| over every h' passed to <see cref="Apply"/> (after the clamp), as max(max h', −min h').</summary>
    public double RawMaxAbs => _max < _min ? 0 : Math.Max(_max, -_min);

    /// <summary>
    /// One batch row of a step: clamps, observes and fake-quantizes the new hidden state h' into h_q, then writes
    /// h_(k+1) = h_q (with lengths, h_k + (h_q − h_k)·m, <paramref name="masked"/>) and y_k = h_q·m, and keeps the clamp's
    /// input in <paramref name="preClamp"/> unless it is empty. Vector lanes and the scalar tail do the same float32
    /// operations (min/max for the clamp and the statistics, floor), which agree with libtorch's for finite values.
    /// </summary>
    public void Apply(ReadOnlySpan<float> hNew, ReadOnlySpan<float> hPrev, float m, bool masked, Span<float> preClamp, Span<float> hNext, Span<float> y)
    {
        int n = hNew.Length, j = 0;
        if (hPrev.Length < n || hNext.Length < n || y.Length < n) throw new ArgumentException("row spans shorter than h'");
        if (!preClamp.IsEmpty) hNew.CopyTo(preClamp);
        bool clamp = _clamp, quantized = _quantized;
        float lo = _lo, hi = _hi, scale = _scale, qmin = _qmin, qmax = _qmax;
        ref float rNew = ref MemoryMarshal.GetReference(hNew), rPrev = ref MemoryMarshal.GetReference(hPrev),
                  rNext = ref MemoryMarshal.GetReference(hNext), rY = ref MemoryMarshal.GetReference(y);
        Vector<float> vLo = new(lo), vHi = new(hi), vScale = new(scale), vQmin = new(qmin), vQmax = new(qmax), vHalf = new(0.5f), vM = new(m);
        Vector<float> vMin = new(_min), vMax = new(_max);
        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref rNew, (nuint)j);
            if (clamp) v = Vector.Min(Vector.Max(v, vLo), vHi);
            vMin = Vector.Min(vMin, v);
            vMax = Vector.Max(vMax, v);
            var hq = quantized ? Vector.Min(Vector.Max(Vector.Floor(v * vScale + vHalf), vQmin), vQmax) / vScale : v;
            if (masked)
            {
                var prev = Vector.LoadUnsafe(ref rPrev, (nuint)j);
                Vector.StoreUnsafe(prev + (hq - prev) * vM, ref rNext, (nuint)j);
            }
            else
            {
                Vector.StoreUnsafe(hq, ref rNext, (nuint)j);
            }
            Vector.StoreUnsafe(hq * vM, ref rY, (nuint)j);
        }
        float min = _min, max = _max;
        for (int l = 0; l < Vector<float>.Count; l++)
        {
            min = Math.Min(min, vMin[l]);
            max = Math.Max(max, vMax[l]);
        }
        for (; j < n; j++)
        {
            float v = hNew[j];
            if (clamp) v = Math.Min(Math.Max(v, lo), hi);
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            float hq = quantized ? FakeQuantize.Value(v, scale, qmin, qmax) : v;
            hNext[j] = masked ? hPrev[j] + (hq - hPrev[j]) * m : hq;
            y[j] = hq * m;
        }
        _min = min;
        _max = max;
    }

    /// <summary>Fake-quantizes a row of LSTM cell values to int16 Q7 in place (the reference's <see cref="FakeQuantize"/> at 128).</summary>
    public static void QuantizeCell(Span<float> c)
    {
        const float scale = 128f, lo = short.MinValue, hi = short.MaxValue;
        int n = c.Length, j = 0;
        ref float rc = ref MemoryMarshal.GetReference(c);
        Vector<float> vScale = new(scale), vLo = new(lo), vHi = new(hi), vHalf = new(0.5f);
        for (; j <= n - Vector<float>.Count; j += Vector<float>.Count)
        {
            var v = Vector.LoadUnsafe(ref rc, (nuint)j);
            Vector.StoreUnsafe(Vector.Min(Vector.Max(Vector.Floor(v * vScale + vHalf), vLo), vHi) / vScale, ref rc, (nuint)j);
        }
        for (; j < n; j++) c[j] = FakeQuantize.Value(c[j], scale, lo, hi);
    }

    /// <summary>Whether the clamp passes the gradient at input <paramref name="preClamp"/> (libtorch's rule: lo ≤ x ≤ hi).</summary>
    public bool Passes(float preClamp) => !_clamp || (preClamp >= _lo && preClamp <= _hi);
}
