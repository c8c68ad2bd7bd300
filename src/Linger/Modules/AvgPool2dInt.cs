using LingerNet.Numerics;
using LingerNet.Quantization;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>
/// Quantized average pooling (linger's AvgPool2dInt, exported as <c>thinker::AvgPool2dInt</c>). The
/// output keeps the input scale; the chip sums each window (pads add 0, the divisor is always kh·kw)
/// and divides: a power-of-two area by a rounding shift, any other area with the hardware divide
/// whose exact-.5 ties go a divisor-specific way (<see cref="ChipDivision"/>). Eval follows the chip
/// exactly; training uses the float average fake-quantized half up (it only steers gradients).
/// </summary>
public sealed class AvgPool2dInt : nn.Module<Tensor, Tensor>, IQuantizedModule
{
    private readonly Tensor _runningX = RunningStatistic.NewBuffer();

    /// <summary>Creates the module.</summary>
    public AvgPool2dInt(string name, long[] kernelSize, long[] stride, long[] padding, ModuleQuantConfig config) : base(name)
    {
        KernelSize = kernelSize;
        Stride = stride;
        Padding = padding;
        Config = config;
        register_buffer("running_x", _runningX);
    }

    /// <summary>Creates the quantized counterpart of a float AvgPool2d.</summary>
    public static AvgPool2dInt FromFloat(AvgPool2d pool, ModuleQuantConfig config)
        => new(pool.GetName(), pool.kernel_size, pool.stride ?? pool.kernel_size, pool.padding ?? new long[] { 0, 0 }, config);

    /// <summary>
    /// A global average pool (AdaptiveAvgPool2d(1)): the window is the whole [H, W] map of each input, taken
    /// at every forward (stride = window, no padding).
    /// </summary>
    public static AvgPool2dInt Global(string name, ModuleQuantConfig config)
        => new(name, [0, 0], [0, 0], [0, 0], config) { IsGlobal = true };

    /// <summary>Whether the window is the whole input map (<see cref="Global"/>).</summary>
    public bool IsGlobal { get; private init; }

    /// <summary>Window (h, w); for a global pool, the last input's map.</summary>
    public long[] KernelSize { get; private set; }

    /// <summary>Strides (h, w).</summary>
    public long[] Stride { get; private set; }

    /// <summary>Zero padding (h, w) on both sides.</summary>
    public long[] Padding { get; }

    /// <summary>Bit widths (data bits 8).</summary>
    public ModuleQuantConfig Config { get; }

    /// <summary>kh·kw, the divisor the chip always uses.</summary>
    public int Area => checked((int)(KernelSize[0] * KernelSize[1]));

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        if (IsGlobal) SetGlobalWindow(input);
        var (fx, sx) = ActivationQuantizer.QuantizeInput(input, _runningX, Config.DataBits, training, GetName());
        if (training)
        {
            var y = nn.functional.avg_pool2d(fx, KernelSize, Stride, Padding, ceil_mode: false, count_include_pad: true);
            var q = FakeQuantize.Apply(y, sx.Value, QuantRange.Min(8), QuantRange.Max(8));
            return QuantTags.Tag(q, new QuantInfo(sx, 8));
        }
        using (no_grad())
        {
            bool global = Padding.All(p => p == 0) && input.shape[^2] == KernelSize[0] && input.shape[^1] == KernelSize[1];
            bool pow2 = (Area & (Area - 1)) == 0;
            if (global && !pow2 && Area >= 128)
                throw new LingerException($"AvgPool2dInt '{GetName()}': a global average pool over a non-power-of-two area {Area} ≥ 128 is computed wrongly by venus (the divisor is truncated to int8). Pool in smaller steps.");
            var sums = nn.functional.avg_pool2d(ActivationQuantizer.Integers(fx, sx), KernelSize, Stride, Padding,
                ceil_mode: false, count_include_pad: true, divisor_override: 1).contiguous();
            var result = WindowAverages(sums, Area).div_(sx.Value).to_type(ScalarType.Float32);
            var y = QuantTags.Tag(result, new QuantInfo(sx, 8));
            Export.ExportCapture.Current?.Record(this, new Export.Handlers.ScaledCall(input, sx, y));
            return y;
        }
    }

    private void SetGlobalWindow(Tensor input)
    {
        if (input.dim() != 4) throw new LingerException($"AvgPool2dInt '{GetName()}' (global average pool): input has shape [{string.Join(", ", input.shape)}] but must be [N, C, H, W].");
        KernelSize = [input.shape[2], input.shape[3]];
        Stride = KernelSize;
        // Refused in training too, so the problem shows before any time is spent: venus divides such a sum
        // by the area truncated to int8 (chip-facts), and AvgPool2dInt follows the chip.
        if (Area >= 128 && (Area & (Area - 1)) != 0)
            throw new LingerException($"AvgPool2dInt '{GetName()}' (AdaptiveAvgPool2d(1) over a {KernelSize[0]}×{KernelSize[1]} map): a global average over a non-power-of-two area {Area} ≥ 128 is computed wrongly by venus (the divisor is truncated to int8). Pool in smaller steps first (e.g. an AvgPool2d), or make the map's area a power of two or < 128.");
    }

    /// <summary>The geometry attributes of its <c>AvgPool2dInt</c> node; Init checks them against the venus limits.</summary>
    internal Dictionary<string, object> NodeAttributes() => Geometry.Window2d(KernelSize, Stride, Padding, ceilMode: false);

    /// <summary>
    /// <see cref="ChipDivision.AvgPoolWindow"/> (with q_o = q_x) on a float64 tensor of exact window sums,
    /// elementwise on the device: SAT16, then for a power-of-two area k floor(s/k + 0.5) (exact: s/k is a
    /// dyadic), otherwise q = floor(s/k) (exact: |s| &lt; 2^15, so the rounded quotient never crosses an
    /// integer), r = s − q·k, and q + 1 when 2r &gt; k or on a tie the chip sends up; then SAT8.
    /// </summary>
    internal static Tensor WindowAverages(Tensor sums, int area)
    {
        var s = sums.clamp(QuantRange.Min(16), QuantRange.Max(16));
        if ((area & (area - 1)) == 0)
            return s.div_(area).add_(0.5).floor_().clamp_(QuantRange.Min(8), QuantRange.Max(8));
        var tie = ChipDivision.TieDirectionOf(area);
        var q = s.div(area).floor_();
        var twice = s.sub_(q * area).mul_(2);
        var up = twice.gt(area);
        var onTie = twice.eq(area);
        up = tie switch
        {
            TieDirection.HalfUp => up.logical_or_(onTie),
            TieDirection.AwayFromZero => up.logical_or_(onTie.logical_and_(q.ge(0.0))),
            _ => up.logical_or_(onTie.logical_and_(q.lt(0.0))),
        };
        return q.add_(up.to_type(ScalarType.Float64)).clamp_(QuantRange.Min(8), QuantRange.Max(8));
    }
}
