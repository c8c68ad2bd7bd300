namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Ungrouped Conv2dInt weights [OC, C, kh, kw] in the layout of <see cref="DirectConvVnniKernel"/>:
/// [block of 16 output channels][tap][lane quad][16 channels][4 bytes], so one reduction step (a tap and
/// 4 lanes of the channels-last input) is two 32-byte vectors, 4 weight bytes per output channel each,
/// for <c>vpdpbusd</c>. A tap is (ky, kx) and a lane an input channel; with <see cref="FoldsKx"/> a tap is
/// ky alone and lane j is (kx, c) = (j / C, j % C), which packs few-channel inputs (C·kw ≤ 4: 1 or 2
/// channels at 3×3) into fewer steps. Lanes are padded to a multiple of 4 and output channels to a
/// multiple of 16 with zero weights. Within a block the 16 channels sit in the lane order
/// <see cref="LaneChannel"/>, chosen so that AVX2's in-lane saturating packs of the two accumulator vectors
/// give the 16 result bytes in channel order.
/// </summary>
internal sealed class DirectConvWeights
{
    public DirectConvWeights(sbyte[] w, int outChannels, int channels, int kh, int kw)
    {
        OutChannels = outChannels;
        Channels = channels;
        int laneQuadsUnfolded = (channels + 3) / 4, laneQuadsFolded = (channels * kw + 3) / 4;
        FoldsKx = laneQuadsFolded < kw * laneQuadsUnfolded;
        Lanes = FoldsKx ? 4 * laneQuadsFolded : 4 * laneQuadsUnfolded;
        Taps = FoldsKx ? kh : kh * kw;
        Blocks = (outChannels + 15) / 16;
        ReductionLength = channels * kh * kw;
        int quads = Lanes / 4;
        Weights = new byte[Blocks * Taps * quads * 64];
        Correction = new int[Blocks * 16];
        int o = 0;
        for (int b = 0; b < Blocks; b++)
        for (int t = 0; t < Taps; t++)
        for (int q = 0; q < quads; q++)
        for (int i = 0; i < 16; i++)
        for (int j = 0; j < 4; j++, o++)
        {
            int oc = b * 16 + LaneChannel[i], lane = 4 * q + j;
            (int ky, int kx, int c) = FoldsKx ? (t, lane / channels, lane % channels) : (t / kw, t % kw, lane);
            if (oc >= outChannels || c >= channels || kx >= kw) continue;
            sbyte v = w[((oc * channels + c) * kh + ky) * kw + kx];
            Weights[o] = unchecked((byte)v);
            Correction[b * 16 + i] += 128 * v;
        }
    }

    /// <summary>The channel (within its block) of each of the 16 accumulator lanes: the first vector holds 0–3 and 8–11, the second 4–7 and 12–15.</summary>
    public static ReadOnlySpan<int> LaneChannel => [0, 1, 2, 3, 8, 9, 10, 11, 4, 5, 6, 7, 12, 13, 14, 15];

    private DirectConvPlan? _lastPlan;

    /// <summary>The plan for one geometry and bias: the last one built when they match (a model runs one shape over and over), else a new one.</summary>
    public DirectConvPlan PlanFor(Conv2dGeometry g, int[]? bias)
    {
        var plan = _lastPlan;
        if (plan is not null && plan.Geometry == g && ReferenceEquals(plan.BiasSource, bias)) return plan;
        return _lastPlan = new DirectConvPlan(this, g, bias);
    }

    /// <summary>The real output channels.</summary>
    public int OutChannels { get; }

    /// <summary>The real input channels.</summary>
    public int Channels { get; }

    /// <summary>True when the kx taps are folded into the lanes (see the class summary).</summary>
    public bool FoldsKx { get; }

    /// <summary>Bytes per pixel of the channels-last input: channels (or kw·channels when folded), rounded up to 4.</summary>
    public int Lanes { get; }

    /// <summary>kh · kw, or kh when folded.</summary>
    public int Taps { get; }

    /// <summary>Products summed per output: C · kh · kw (each |x·w| ≤ 2^14).</summary>
    public int ReductionLength { get; }

    /// <summary>Blocks of 16 output channels.</summary>
    public int Blocks { get; }

    /// <summary>The packed weight bytes (two's complement int8).</summary>
    public byte[] Weights { get; }

    /// <summary>128·Σw per accumulator lane (block · 16 + lane): what the +128 bias of the inputs adds to the accumulator.</summary>
    public int[] Correction { get; }
}
