using LingerNet.Modules;
using LingerNet.Numerics;
using LingerNet.Numerics.Kernels;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Moves a quantized tensor to another width (8, 16 or 32 bits) and exponent: identity until Init, then linger's
/// Requant (linger-spec §2.5, exported as <c>thinker::Requant</c>). The output exponent is the input's plus
/// <see cref="ExponentChange"/>, by default linger's round(log2((2^(b_out−1)−1)/(2^(b_in−1)−1))) (8→16: +8,
/// 8→32: +24, 16→8: −8). Eval runs the Numerics kernel <see cref="Numerics.Kernels.Requant"/> (the runtime's):
/// RSH half up or an exact left shift, then saturation. The venus chip only requantizes int8 input: 8→8 up by at
/// most 6 bits, 8→16/32 left shifts that fit; anything else fails at export for venus (chip-facts "Requant").
/// </summary>
public sealed class Requant : nn.Module<Tensor, Tensor>, ILingerOp, IQuantizedOp
{
    private ModuleQuantConfig? _config;

    /// <summary>Creates the op writing <paramref name="outBits"/>-bit integers; <paramref name="exponentChange"/> null uses linger's rule.</summary>
    public Requant(int outBits, int? exponentChange = null, string name = "requant") : base(name)
    {
        if (outBits is not (8 or 16 or 32))
            throw new LingerException($"Linger.Nn.Requant '{name}': {outBits} output bits; Requant writes 8, 16 or 32.");
        OutBits = outBits;
        ExponentChange = exponentChange;
    }

    /// <summary>The output width.</summary>
    public int OutBits { get; }

    /// <summary>q_out − q_in, or null for linger's rule from the two widths.</summary>
    public int? ExponentChange { get; }

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    /// <summary>linger's exponent change between widths: round(log2((2^(b_out−1)−1)/(2^(b_in−1)−1))).</summary>
    public static int LingerExponentChange(int inBits, int outBits)
        => (int)Math.Round(Math.Log2((double)QuantRange.Bound(outBits) / QuantRange.Bound(inBits)), MidpointRounding.AwayFromZero);

    /// <inheritdoc />
    public override Tensor forward(Tensor x)
    {
        if (_config is null) return x;
        var tag = QuantTags.Get(x) ?? throw new LingerException(
            $"Linger.Nn.Requant '{GetName()}': the input is not a quantized tensor (no quantized module produced it); Requant changes the width of integers.");
        var qIn = tag.Scale;
        var qOut = new Pow2Scale(qIn.Exponent + (ExponentChange ?? LingerExponentChange(tag.Bits, OutBits)));
        if (training)
        {
            var f = FakeQuantize.Apply(x, qOut.Value, QuantRange.Min(OutBits), QuantRange.Max(OutBits));
            return QuantTags.Tag(f, new QuantInfo(qOut, OutBits));
        }
        using (no_grad())
        {
            var xi = Platform.HostArrays.As<int>(ActivationQuantizer.Integers(x, qIn), ScalarType.Int32);
            var y = new int[xi.Length];
            try
            {
                Numerics.Kernels.Requant.Apply(xi, tag.Bits, qIn.Exponent, y, OutBits, qOut.Exponent, RequantSemantics.Generic);
            }
            catch (LingerException e)
            {
                throw new LingerException($"Linger.Nn.Requant '{GetName()}': {e.Message}");
            }
            var output = tensor(y, dtype: ScalarType.Int32).reshape(x.shape)
                .to_type(OutBits > 24 ? ScalarType.Float64 : ScalarType.Float32).div_(qOut.Value);
            QuantTags.Tag(output, new QuantInfo(qOut, OutBits));
            Export.ExportCapture.Current?.Record(this, new Export.Handlers.RequantCall(x, qIn, tag.Bits, qOut, OutBits, output));
            return output;
        }
    }
}
