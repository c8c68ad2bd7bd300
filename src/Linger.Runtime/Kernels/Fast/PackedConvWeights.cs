namespace LingerNet.Runtime.Kernels.Fast;

/// <summary>
/// Conv2dInt weights [OC, IC/groups, kh, kw] packed once, at load, for the fast kernels. Per group the
/// output channels form blocks of <see cref="BlockRows"/> (the last block padded with zero weights) and
/// the reduction index k = (ic·kh + ky)·kw + kx is padded to a multiple of 4 with zeros, so a padded
/// tap multiplies whatever the im2col buffer holds by 0. Each path's layout is built on first use.
/// </summary>
internal sealed class PackedConvWeights
{
    /// <summary>Output channels computed together by one register block.</summary>
    public const int BlockRows = 4;

    private readonly sbyte[] _w;
    private int[]? _pairs, _quads, _quadCorrection;
    private short[]? _rows;
    private DirectConvWeights? _direct;
    private readonly int _kh, _kw;

    public PackedConvWeights(sbyte[] w, int outChannels, int icPerGroup, int kh, int kw, int groups)
    {
        _w = w;
        (_kh, _kw) = (kh, kw);
        Groups = groups;
        OcPerGroup = outChannels / groups;
        K = icPerGroup * kh * kw;
        KPad = (K + 3) & ~3;
        Blocks = (OcPerGroup + BlockRows - 1) / BlockRows;
    }

    public int Groups { get; }

    /// <summary>The weights as loaded, [OC, IC/groups, kh, kw].</summary>
    public sbyte[] Original => _w;
    public int OcPerGroup { get; }

    /// <summary>The reduction length IC/groups · kh · kw.</summary>
    public int K { get; }

    /// <summary><see cref="K"/> rounded up to a multiple of 4.</summary>
    public int KPad { get; }

    /// <summary>Output-channel blocks per group.</summary>
    public int Blocks { get; }

    private sbyte W(int group, int row, int k)
    {
        int oc = group * OcPerGroup + row;
        return row < OcPerGroup && k < K ? _w[oc * K + k] : (sbyte)0;
    }

    /// <summary>AVX2 layout [group][block][k/2][4 rows]: each int32 holds the int16 pair (w[k], w[k+1]) for vpmaddwd.</summary>
    public int[] Pairs => _pairs ??= Pack(KPad / 2, (g, r, i) => Pair(W(g, r, 2 * i), W(g, r, 2 * i + 1)));

    private static int Pair(sbyte lo, sbyte hi)
    {
        ushort l = unchecked((ushort)lo), h = unchecked((ushort)hi);
        return l | (h << 16);
    }

    /// <summary>AVX-VNNI layout [group][block][k/4][4 rows]: each int32 holds the four bytes w[k..k+3] for vpdpbusd.</summary>
    public int[] Quads => _quads ??= Pack(KPad / 4, (g, r, i) =>
        (byte)W(g, r, 4 * i) | ((byte)W(g, r, 4 * i + 1) << 8) | ((byte)W(g, r, 4 * i + 2) << 16) | ((byte)W(g, r, 4 * i + 3) << 24));

    /// <summary>128·Σ_k w[k] per [group][padded row]: what (x + 128) adds to the VNNI accumulator.</summary>
    public int[] QuadCorrection => _quadCorrection ??= BuildCorrection();

    /// <summary>The ungrouped channels-last layout of <see cref="DirectConvVnniKernel"/>.</summary>
    public DirectConvWeights Direct => _direct ??= Groups == 1
        ? new DirectConvWeights(_w, OcPerGroup, K / (_kh * _kw), _kh, _kw)
        : throw new InvalidOperationException("the direct layout is for ungrouped convolutions");

    /// <summary>Vector128 layout [group][block][k][4 rows] of int16.</summary>
    public short[] Rows
    {
        get
        {
            if (_rows is { } r) return r;
            var p = new short[Groups * Blocks * KPad * BlockRows];
            int o = 0;
            for (int g = 0; g < Groups; g++)
            for (int b = 0; b < Blocks; b++)
            for (int k = 0; k < KPad; k++)
            for (int i = 0; i < BlockRows; i++)
                p[o++] = W(g, b * BlockRows + i, k);
            return _rows = p;
        }
    }

    private int[] Pack(int steps, Func<int, int, int, int> value)
    {
        var p = new int[Groups * Blocks * steps * BlockRows];
        int o = 0;
        for (int g = 0; g < Groups; g++)
        for (int b = 0; b < Blocks; b++)
        for (int s = 0; s < steps; s++)
        for (int i = 0; i < BlockRows; i++)
            p[o++] = value(g, b * BlockRows + i, s);
        return p;
    }

    private int[] BuildCorrection()
    {
        var c = new int[Groups * Blocks * BlockRows];
        for (int g = 0; g < Groups; g++)
        for (int r = 0; r < Blocks * BlockRows; r++)
        {
            int sum = 0;
            for (int k = 0; k < KPad; k++) sum += W(g, r, k);
            c[g * Blocks * BlockRows + r] = 128 * sum;
        }
        return c;
    }

    /// <summary>Builds the layout <paramref name="path"/> reads, so that packing happens at load, not in the first run.</summary>
    public void Prepare(KernelPath path)
    {
        switch (path)
        {
            case KernelPath.Avx2: _ = Pairs; break;
            case KernelPath.AvxVnni when Groups == 1: _ = Direct; break;
            case KernelPath.AvxVnni: _ = Quads; _ = QuadCorrection; break;
            case KernelPath.Vector128: _ = Rows; break;
        }
    }
}
