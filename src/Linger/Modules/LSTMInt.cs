using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized LSTM (linger's LSTMInt, exported as <c>thinker::LSTMInt</c> with 3 outputs; one node per layer and
/// direction). The chip agrees with linger here (chip-facts "LSTMInt"). Init puts it in place of
/// <see cref="LSTM"/>, taking over the same Parameter objects, so the field holding the LSTM must be declared as
/// <c>Module&lt;Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)&gt;</c> (TorchSharp's LSTM base type).
/// Call signature as <c>nn.LSTM</c>: <c>(input, (h0, c0)?) → (output, h_n, c_n)</c>; variable lengths through
/// <see cref="call(Tensor, ValueTuple{Tensor, Tensor}?, Tensor)"/>. The output (= hidden state) exponent comes from
/// <c>running_o</c>; the cell is int16 Q7. The venus LSTM runs batch 1 without c0 (export refuses the rest for venus).
/// </summary>
public sealed class LSTMInt : nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>, IQuantizedModule
{
    private readonly RecurrentCore _core;

    private LSTMInt(string name, nn.Module floatLstm) : base(name)
    {
        _core = new RecurrentCore(this, floatLstm, "LSTM", 4);
    }

    /// <summary>Creates the quantized counterpart of a float LSTM, sharing its parameters; <paramref name="name"/> (Init passes the module's path) appears in messages.</summary>
    public static LSTMInt FromFloat(LSTM lstm, string? name = null) => new(name ?? lstm.GetName(), lstm);

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

    /// <summary>A fixed output exponent for every layer, or null (default) to take it from <c>running_o</c>.</summary>
    public int? FixedOutputExponent
    {
        get => _core.FixedOutputExponent;
        set
        {
            if (value is int q && q is < -16 or > 14) throw new LingerException($"LSTMInt '{GetName()}': output exponent {q} is outside [−16, 14].");
            _core.FixedOutputExponent = value;
        }
    }

    /// <summary>The output exponent of layer <paramref name="layer"/> in eval.</summary>
    public int OutputExponent(int layer = 0) => _core.OutputExponent(layer, training: false);

    /// <inheritdoc />
    public override (Tensor, Tensor, Tensor) forward(Tensor input, (Tensor, Tensor)? state) => Run(input, state, null);

    /// <summary>The LSTM over sequences of per-row lengths (<paramref name="lengths"/> [B], int64), PyTorch packed-sequence semantics.</summary>
    public (Tensor, Tensor, Tensor) call(Tensor input, (Tensor, Tensor)? state, Tensor lengths) => Run(input, state, lengths);

    private (Tensor, Tensor, Tensor) Run(Tensor input, (Tensor, Tensor)? state, Tensor? lengths)
    {
        var (y, h, c) = _core.Forward(input, state?.Item1, state?.Item2, lengths, training);
        return (y, h, c!);
    }
}
