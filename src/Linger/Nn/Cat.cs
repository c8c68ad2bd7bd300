using LingerNet.Numerics;
using LingerNet.Quantization;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Nn;

/// <summary>
/// Concatenation along a dimension: float until Init, then linger's iqCat (exported as
/// <c>thinker::iqCat</c>): every input is rescaled to one output scale (rounding right shift when the
/// output is coarser, exact left shift when finer, then SAT8) and concatenated. The output scale comes
/// from max_i max|t_i| (train: per batch, rounded exponent; eval: running statistic). An input is never
/// up-scaled by 7 bits or more: the chip passes that multiplier as int8 and gets it wrong
/// (chip-facts.md), so the output exponent is clamped to min_i n_i + 6.
/// All inputs must come from quantized modules once the op is quantized.
/// </summary>
public sealed class Cat : nn.Module<Tensor[], Tensor>, ILingerOp, IQuantizedOp
{
    /// <summary>The largest up-scale (in bits) the venus iqCat computes correctly.</summary>
    public const int MaxUpscaleBits = 6;

    private readonly Tensor _runningO = RunningStatistic.NewBuffer();
    private ModuleQuantConfig? _config;

    /// <summary>Creates the op concatenating along <paramref name="dim"/>.</summary>
    public Cat(long dim = 1, string name = "cat") : base(name)
    {
        Dim = dim;
        register_buffer("running_o", _runningO);
    }

    /// <summary>The concatenation dimension.</summary>
    public long Dim { get; }

    /// <inheritdoc />
    public bool IsQuantized => _config is not null;

    /// <inheritdoc />
    public void EnableQuant(ModuleQuantConfig config) => _config = config;

    /// <summary>Concatenates two tensors.</summary>
    public Tensor call(Tensor a, Tensor b) => call(new[] { a, b });

    /// <inheritdoc />
    public override Tensor forward(Tensor[] inputs)
    {
        if (inputs.Length == 0) throw new LingerException($"Linger.Nn.Cat '{GetName()}': no inputs.");
        if (_config is null) return cat(inputs, Dim);
        const int bits = 8;
        var scales = new Pow2Scale[inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var tag = QuantTags.Get(inputs[i]);
            if (tag is null || tag.Bits != bits)
                throw new LingerException(
                    $"Linger.Nn.Cat '{GetName()}': input {i} is not an 8-bit quantized tensor (it was not produced by a quantized module). " +
                    "Put the producing layer under Linger.Init, or keep this Cat in float with Linger.DisableQuant.");
            scales[i] = tag.Scale;
        }
        int maxExponent = scales.Min(s => s.Exponent) + MaxUpscaleBits;
        var so = ActivationQuantizer.RescalingOutputScale(() => inputs.Max(ActivationQuantizer.MaxAbs), _runningO, bits, training, maxExponent, GetName());

        Tensor z;
        using (no_grad())
        {
            var parts = new Tensor[inputs.Length];
            for (int i = 0; i < inputs.Length; i++)
                parts[i] = ActivationQuantizer.Integers(inputs[i], scales[i])
                    .mul_(Math.ScaleB(1.0, so.Exponent - scales[i].Exponent)).add_(0.5).floor_()
                    .clamp_(QuantRange.Min(bits), QuantRange.Max(bits));
            z = cat(parts, Dim).div_(so.Value).to_type(inputs[0].dtype);
        }
        var output = QuantTags.Tag(training ? Add.StraightThrough(cat(inputs, Dim), z) : z, new QuantInfo(so, bits));
        Export.ExportCapture.Current?.Record(this, new Export.Handlers.CatCall(inputs, scales, Dim, so, output));
        return output;
    }
}
