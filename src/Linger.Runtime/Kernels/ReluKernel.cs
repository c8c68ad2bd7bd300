namespace LingerNet.Runtime.Kernels;

/// <summary>ONNX <c>Relu</c>: <c>max(x, 0)</c>, same dtype and scale (thinker-spec §2.3 "Relu").</summary>
internal static class ReluKernel
{
    public static sbyte[] Run(sbyte[] x)
    {
        var y = new sbyte[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : (sbyte)0;
        return y;
    }

    public static float[] Run(float[] x)
    {
        var y = new float[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0f;
        return y;
    }

    public static short[] Run(short[] x)
    {
        var y = new short[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : (short)0;
        return y;
    }

    public static int[] Run(int[] x)
    {
        var y = new int[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = x[i] > 0 ? x[i] : 0;
        return y;
    }
}
