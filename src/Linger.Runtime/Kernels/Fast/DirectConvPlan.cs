namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// What <see cref="DirectConvVnniKernel"/> derives from the weights and one input geometry: the padded
/// channels-last input's size, each output pixel's window start in it, each reduction step's offset from
/// there, and the bias padded to whole 16-channel blocks. Built once per geometry and reused by every run
/// of that shape (<see cref="DirectConvWeights.PlanFor"/>); immutable, so runs on several threads share it.
/// </summary>
internal sealed class DirectConvPlan
{
    public DirectConvPlan(DirectConvWeights layout, Conv2dGeometry g, int[]? bias)
    {
        Geometry = g;
        BiasSource = bias;
        int oh = g.OH, ow = g.OW;
        Positions = oh * ow;
        // Just the rows and columns some output pixel reads (folded kx taps live in the lanes).
        PaddedHeight = (oh - 1) * g.StrideH + (g.KH - 1) * g.DilationH + 1;
        PaddedWidth = (ow - 1) * g.StrideW + (layout.FoldsKx ? 0 : (g.KW - 1) * g.DilationW) + 1;
        int lanes = layout.Lanes;
        Tiles = (Positions + DirectConvVnniKernel.TilePositions - 1) / DirectConvVnniKernel.TilePositions;
        // Positions past the end of the last tile read pixel 0's window (base 0) and are never stored.
        Bases = new int[Tiles * DirectConvVnniKernel.TilePositions];
        for (int oy = 0, i = 0; oy < oh; oy++)
            for (int ox = 0; ox < ow; ox++, i++)
                Bases[i] = (oy * g.StrideH * PaddedWidth + ox * g.StrideW) * lanes;
        // Step k = (tap, lane quad) reads 4 bytes at the pixel's base + StepOffsets[k].
        StepOffsets = new int[layout.Taps * (lanes / 4)];
        for (int t = 0, k = 0; t < layout.Taps; t++)
        {
            int tap = layout.FoldsKx
                ? t * g.DilationH * PaddedWidth * lanes
                : ((t / g.KW) * g.DilationH * PaddedWidth + (t % g.KW) * g.DilationW) * lanes;
            for (int q = 0; q < lanes / 4; q++) StepOffsets[k++] = tap + 4 * q;
        }
        Biases = new int[layout.Blocks * 16];
        long maxAcc = (long)layout.ReductionLength << 14;
        long largest = maxAcc;
        for (int i = 0; i < Biases.Length; i++)
        {
            int oc = i / 16 * 16 + DirectConvWeights.LaneChannel[i % 16];
            if (bias is not null && oc < layout.OutChannels) Biases[i] = bias[oc];
            largest = Math.Max(largest, maxAcc + Math.Abs((long)Biases[i]));
        }
        LargestBiasedSum = largest;
    }

    /// <summary>
    /// A bound on |acc + bias| over all outputs: the reduction of at most 2^14 per product plus the largest
    /// |bias|. While it stays below 2^31 (with the rounding half added), neither the bias add saturates nor
    /// the accumulator wraps, so the bias and the rounding can start the accumulator.
    /// </summary>
    public long LargestBiasedSum { get; }

    /// <summary>True when SAT32(acc + bias) and RSH by <paramref name="shift"/> reduce to (acc + bias + 2^(shift−1)) &gt;&gt; shift for every output.</summary>
    public bool FusesBiasAndRounding(int shift) =>
        shift < 31 && LargestBiasedSum + (shift > 0 ? 1L << (shift - 1) : 0) <= int.MaxValue;

    /// <summary>The geometry this plan was built for.</summary>
    public Conv2dGeometry Geometry { get; }

    /// <summary>The bias array this plan copied (null: none).</summary>
    public int[]? BiasSource { get; }

    /// <summary>Output pixels OH · OW.</summary>
    public int Positions { get; }

    /// <summary>Rows of the padded input.</summary>
    public int PaddedHeight { get; }

    /// <summary>Columns of the padded input.</summary>
    public int PaddedWidth { get; }

    /// <summary>Register tiles of <see cref="DirectConvVnniKernel.TilePositions"/> pixels covering all pixels.</summary>
    public int Tiles { get; }

    /// <summary>Per pixel (padded to whole tiles), the byte offset of its window in the padded input.</summary>
    public int[] Bases { get; }

    /// <summary>Per reduction step, the byte offset from a window's start.</summary>
    public int[] StepOffsets { get; }

    /// <summary>The bias per accumulator lane (block · 16 + lane, in <see cref="DirectConvWeights.LaneChannel"/> order), zero past the channels.</summary>
    public int[] Biases { get; }

    /// <summary>True when the convolution has a bias.</summary>
    public bool HasBias => BiasSource is not null;
}
