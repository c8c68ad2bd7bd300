using LingerNet.Numerics;
using LingerNet.Numerics.Dialect;
using LingerNet.Runtime;
using Onnx;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>
/// The eval side's tensors under the names the runtime gives them (graph inputs, Quant outputs, every op
/// output, the trailing Dequant), so that <c>linger diff</c> can compare an eval dump with a runtime dump
/// tensor by tensor.
/// </summary>
internal static class EvalDump
{
    public static void Collect(GraphProto graph, IReadOnlyList<Tensor> samples,
        IEnumerable<(string Name, CapturedOutput? Output, Tensor? QuantizedInput, int Type, Pow2Scale? Scale)> values, List<RuntimeTensor> dump)
    {
        for (int i = 0; i < samples.Count; i++)
            dump.Add(new RuntimeTensor(graph.Input[i].Name, Shape(samples[i].shape), Floats(samples[i])));
        foreach (var (name, output, quantized, type, scale) in values)
        {
            if (quantized is not null && scale is { } qs)
            {
                // The Quant of a graph input: thinker's float32 floor(x·2^q + 0.5), saturated, as the module's eval path.
                var x = Floats(quantized);
                var q = x.Select(v => Rounding.QuantizeFloat32(v, qs, 8)).ToArray();
                dump.Add(new RuntimeTensor(name, Shape(quantized.shape), Typed(q, type), qs));
                continue;
            }
            if (output?.Values is not { } v) continue;
            var shape = Shape(output.Shape);
            if (type == OnnxDataTypes.Float || scale is not { } s)
                dump.Add(new RuntimeTensor(name, shape, v));
            else
                dump.Add(new RuntimeTensor(name, shape, Typed(v.Select(f => (long)Math.Round(f * s.Value)).ToArray(), type), s));
        }
    }

    private static Array Typed(long[] q, int type) => type switch
    {
        OnnxDataTypes.Int8 => q.Select(x => (sbyte)x).ToArray(),
        OnnxDataTypes.Int16 => q.Select(x => (short)x).ToArray(),
        _ => q.Select(x => (int)x).ToArray(),
    };

    private static int[] Shape(long[] s) => s.Select(d => checked((int)d)).ToArray();

    private static float[] Floats(Tensor t) => Platform.HostArrays.Floats(t);
}
