using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized GRU (linger's GRUInt, exported as <c>thinker::GRUInt</c>, <c>GRUInt_Is8_Is64</c> with lengths,
/// <c>GRUInt_Is8_Is64_If32</c> with h0; one node per layer and direction). Init puts it in place of
/// <see cref="GRU"/>, taking over the same Parameter objects (<c>weight_ih_l0</c>...), so the field holding the
/// GRU must be declared as <c>Module&lt;Tensor, Tensor?, (Tensor, Tensor)&gt;</c> (TorchSharp's GRU base type).
/// Call signature as <c>nn.GRU</c>: <c>(input, h0?) → (output, h_n)</c>; variable lengths through
/// <see cref="call(Tensor, Tensor?, Tensor)"/>. batch_first, bidirectional and stacked layers are supported.
/// <para>The chip's GRU computes <c>h' = SAT8(RSH(z·RSH(h, 1) + (128 − z)·n, 14 − q_o))</c>, linger's formula only at
/// q_o = 8 (chip-facts "GRUInt"). Default (option ii): <see cref="Formula"/> = <see cref="GruFormula.Linger"/> with
/// the output exponent fixed at 8 (outputs clamp at ±0.5 in training too), so eval == runtime == chip. Option (i):
/// <see cref="Formula"/> = <see cref="GruFormula.Chip"/> with <see cref="FixedOutputExponent"/> = null: training and
/// eval model the chip's formula at the statistics' q_o (venus export only). docs/quantization.md has the measurement.</para>
/// </summary>
public sealed class GRUInt : nn.Module<Tensor, Tensor?, (Tensor, Tensor)>, IQuantizedModule
{
    /// <summary>The output exponent the chip's GRU formula needs to equal linger's.</summary>
    public const int VenusOutputExponent = 8;

    private readonly RecurrentCore _core;

    private GRUInt(string name, nn.Module floatGru) : base(name)
    {
        _core = new RecurrentCore(this, floatGru, "GRU", 3) { FixedOutputExponent = VenusOutputExponent };
    }

    /// <summary>Creates the quantized counterpart of a float GRU, sharing its parameters; <paramref name="name"/> (Init passes the module's path) appears in messages.</summary>
    public static GRUInt FromFloat(GRU gru, string? name = null) => new(name ?? gru.GetName(), gru);

    /// <summary>
    /// The hidden-state update. Setting <see cref="GruFormula.Chip"/> also clears <see cref="FixedOutputExponent"/>
    /// (option i); setting <see cref="GruFormula.Linger"/> fixes it at 8 (option ii).
    /// </summary>
    public GruFormula Formula
    {
        get => _core.Formula;
        set
        {
            _core.Formula = value;
            _core.FixedOutputExponent = value == GruFormula.Chip ? null : VenusOutputExponent;
        }
    }

    /// <summary>
    /// The output (= hidden state) exponent of every layer, or null to take it from <c>running_o</c>
    /// (7 before statistics). 8 by default: the venus GRU equals linger's formula only there. Null with
    /// <see cref="GruFormula.Linger"/> is a generic-target model (venus export refuses q_o ≠ 8).
    /// </summary>
    public int? FixedOutputExponent
    {
        get => _core.FixedOutputExponent;
        set
        {
            if (value is int q && q is < -16 or > 14) throw new LingerException($"GRUInt '{GetName()}': output exponent {q} is outside [−16, 14].");
            _core.FixedOutputExponent = value;
        }
    }

    /// <summary>Clamp the float weights to ±bound before quantization (from Linger.Constrain); null: no clamp.</summary>
    public double? ClampWeight { get => _core.ClampWeight; set => _core.ClampWeight = value; }

    /// <summary>Clamp the float biases to ±bound before quantization; null: no clamp.</summary>
    public double? ClampBias { get => _core.ClampBias; set => _core.ClampBias = value; }

    /// <summary>Clamp each step's new hidden state to ±bound in training (eval: the int8 saturation only, as on the chip); null: no clamp.</summary>
    public double? ClampOutput { get => _core.ClampOutput; set => _core.ClampOutput = value; }

    /// <summary>The shared recurrent layer (tests switch its training loop).</summary>
    internal RecurrentCore Core => _core;

    /// <summary>I.</summary>
    public int InputSize => _core.InputSize;

    /// <summary>H.</summary>
    public int HiddenSize => _core.HiddenSize;

    /// <summary>Stacked layers.</summary>
    public int NumLayers => _core.NumLayers;

    /// <summary>Two directions.</summary>
    public bool Bidirectional => _core.Bidirectional;

    /// <summary>[B, T, I] layout.</summary>
    public bool BatchFirst => _core.BatchFirst;

    /// <summary>The output exponent of layer <paramref name="layer"/> in eval (from the statistics or fixed).</summary>
    public int OutputExponent(int layer = 0) => _core.OutputExponent(layer, training: false);

    /// <inheritdoc />
    public override (Tensor, Tensor) forward(Tensor input, Tensor? h0) => Run(input, h0, null);

    /// <summary>
    /// The GRU over sequences of per-row lengths (<paramref name="lengths"/> [B], int64): a row of length L runs
    /// steps 0..L−1 (reverse: L−1..0) from h0, its output past L is zero and h_n is the state after its last
    /// step (PyTorch packed-sequence semantics). Not supported by the venus GRU (export refuses it for venus).
    /// </summary>
    public (Tensor, Tensor) call(Tensor input, Tensor? h0, Tensor lengths) => Run(input, h0, lengths);

    private (Tensor, Tensor) Run(Tensor input, Tensor? h0, Tensor? lengths)
    {
        var (y, h, _) = _core.Forward(input, h0, null, lengths, training);
        return (y, h);
    }
}
