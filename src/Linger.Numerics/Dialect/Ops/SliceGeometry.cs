using LingerNet.Numerics.Dialect.Contracts;

namespace LingerNet.Numerics.Dialect.Ops;

/// <summary>Slice geometry shared by the Slice contract's shape inference and the runtime's Slice kernel.</summary>
public static class SliceGeometry
{
    /// <summary>
    /// The normalised geometry of a Slice node (opset ≥ 10 inputs starts, ends, axes, steps): per dim the first
    /// element and the step, and the output shape. Negative starts/ends count from the end; both are clamped.
    /// </summary>
    /// <exception cref="LingerException">A missing constant, mismatched lengths, an axis out of range, or a step below 1.</exception>
    public static (int[] Start, int[] Step, int[] Shape) Of(NodeView v)
    {
        var x = v.RequireShape(0);
        var starts = v.ConstantValue(1) ?? throw v.Fail("starts must be a constant int64 tensor.");
        var ends = v.ConstantValue(2) ?? throw v.Fail("ends must be a constant int64 tensor.");
        var axes = v.ConstantValue(3) ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
        var steps = v.ConstantValue(4) ?? Enumerable.Repeat(1L, starts.Length).ToArray();
        if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            throw v.Fail("starts, ends, axes and steps must have the same length.");
        var start = new int[x.Length];
        var step = Enumerable.Repeat(1, x.Length).ToArray();
        var shape = (int[])x.Clone();
        for (int k = 0; k < starts.Length; k++)
        {
            int a = ShapeOpContracts.Axis(v, axes[k], x.Length);
            long n = x[a];
            if (steps[k] < 1) throw v.Fail($"step {steps[k]} on axis {a}: only positive steps are supported.");
            long s = starts[k] < 0 ? starts[k] + n : starts[k];
            long e = ends[k] < 0 ? ends[k] + n : ends[k];
            s = Math.Clamp(s, 0, n);
            e = Math.Clamp(e, 0, n);
            start[a] = (int)s;
            step[a] = (int)steps[k];
            shape[a] = e <= s ? 0 : (int)((e - s + steps[k] - 1) / steps[k]);
        }
        return (start, step, shape);
    }
}
