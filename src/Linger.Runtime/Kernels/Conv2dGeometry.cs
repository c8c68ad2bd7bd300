namespace LingerNet.Runtime.Kernels;

/// <summary>
/// Shape parameters of an NCHW 2-D convolution or pooling window. Pads are ONNX order
/// [top, left, bottom, right]; output sizes use floor (the packer ignores ceil_mode).
/// </summary>
internal readonly record struct Conv2dGeometry(
    int N, int C, int H, int W,
    int KH, int KW,
    int StrideH, int StrideW,
    int PadTop, int PadLeft, int PadBottom, int PadRight,
    int DilationH = 1, int DilationW = 1)
{
    /// <summary>Output height: floor((H + pt + pb − dh·(kh−1) − 1) / sh) + 1.</summary>
    public int OH => (H + PadTop + PadBottom - DilationH * (KH - 1) - 1) / StrideH + 1;

    /// <summary>Output width.</summary>
    public int OW => (W + PadLeft + PadRight - DilationW * (KW - 1) - 1) / StrideW + 1;

    /// <summary>True when the padded input is at least one (dilated) window tall and wide.</summary>
    public bool HasOutput => H + PadTop + PadBottom - DilationH * (KH - 1) - 1 >= 0
                           && W + PadLeft + PadRight - DilationW * (KW - 1) - 1 >= 0;
}
