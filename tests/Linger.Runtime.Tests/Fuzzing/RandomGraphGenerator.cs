using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using LingerNet.Numerics.Dialect.Contracts;
using Onnx;

namespace LingerNet.Runtime.Tests.Fuzzing;

/// <summary>
/// Random graphs built from the op table (<see cref="OpCatalog"/>): 1–6 nodes of random ops wired to
/// earlier values, constant ports fed random initializers, attributes drawn per the contract's kind
/// from plausible and hostile values. Most are refused; the ones that load are run.
/// </summary>
internal static class RandomGraphGenerator
{
    private static readonly int[] s_dtypes = [OnnxDataTypes.Int8, OnnxDataTypes.Int16, OnnxDataTypes.Int32, OnnxDataTypes.Int64, OnnxDataTypes.Float];
    private static readonly long[] s_ints = [0, 1, 1, 2, 2, 3, 4, 8, 8, 16, 32, -1, 5, 7, 1 << 20, int.MaxValue, long.MinValue];
    private static readonly long[] s_small = [0, 1, 1, 1, 2, 2, 3, -1, 4, 65_536];
    private static readonly string[] s_strings = [AttributeValues.LunaQuant, AttributeValues.CastorModeLuna, AttributeValues.PlatformVenus, AttributeValues.NonT710Mode, "", "garbage"];

    public static (byte[] Bytes, string How) Generate(Random r)
    {
        int c = r.Next(1, 5), h = r.Next(1, 10), w = r.Next(1, 10);
        var mb = new OnnxModelBuilder().Input("x", OnnxDataTypes.Float, 1, c, h, w);
        var values = new List<string> { "x" };
        var how = new List<string> { $"x[1,{c},{h},{w}]" };
        int constants = 0;
        if (r.Next(10) < 7)
        {
            mb.Node(OpTypes.Quant, ["x"], ["q"], "quant", attrs: [(AttributeNames.DataBits, 8), (AttributeNames.ScaleX, OnnxModelBuilder.S(r.Next(0, 7))), (AttributeNames.PlatformQuant, AttributeValues.LunaQuant)]);
            values.Add("q");
            how.Add("Quant");
        }
        int count = r.Next(1, 7);
        for (int n = 0; n < count; n++)
        {
            var op = OpCatalog.All[r.Next(OpCatalog.All.Count)];
            var inputs = new List<string>();
            int inputCount = op.MinInputs + (op.MaxInputs > op.MinInputs ? r.Next(Math.Min(op.MaxInputs, op.MinInputs + 3) - op.MinInputs + 1) : 0);
            if (r.Next(20) == 0) inputCount = r.Next(0, 5);   // sometimes the wrong arity
            for (int k = 0; k < inputCount; k++)
            {
                if (op.Inputs.Count > 0 && op.InputPort(k).Constant && r.Next(8) > 0)
                {
                    string name = $"c{constants++}";
                    mb.Graph.Initializer.Add(RandomTensor(r, name));
                    inputs.Add(name);
                }
                else inputs.Add(r.Next(12) == 0 ? "" : values[r.Next(values.Count)]);
            }
            var attrs = new List<(string, object)>();
            foreach (var a in op.Attributes)
                if (a.Required ? r.Next(15) > 0 : r.Next(2) == 0)
                    attrs.Add((a.Name, RandomAttribute(r, a)));
            int outputs = Math.Max(op.Outputs.Count, 1);
            var outNames = Enumerable.Range(0, outputs).Select(k => $"v{n}_{k}").ToArray();
            mb.Node(op.OpType, inputs.ToArray(), outNames, $"n{n}", op.Domain, attrs.ToArray());
            values.AddRange(outNames);
            how.Add($"{op.QualifiedName}({inputs.Count} in, {attrs.Count} attrs)");
        }
        mb.Output(values[^1]);
        if (r.Next(4) == 0) mb.Output(values[r.Next(values.Count)]);
        return (mb.Bytes(), string.Join(" → ", how));
    }

    private static TensorProto RandomTensor(Random r, string name)
    {
        int type = s_dtypes[r.Next(s_dtypes.Length)];
        int rank = r.Next(0, 5);
        var dims = Enumerable.Range(0, rank).Select(_ => (long)r.Next(1, 5)).ToArray();
        if (r.Next(10) == 0 && rank > 0) dims[0] = s_small[r.Next(s_small.Length)];
        var t = OnnxModelBuilder.Tensor(name, type, dims);
        long count = dims.Aggregate(1L, (a, d) => a * Math.Max(d, 0));
        if (count > 4096) count = 3;   // a lie the loader must catch (data count ≠ shape)
        int size = type switch { OnnxDataTypes.Int8 => 1, OnnxDataTypes.Int16 => 2, OnnxDataTypes.Int64 => 8, _ => 4 };
        var raw = new byte[count * size];
        r.NextBytes(raw);
        if (type == OnnxDataTypes.Float)
            for (int i = 0; i < count; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 4), (float)(r.NextDouble() * 4 - 2));
        if (type == OnnxDataTypes.Int64)
            for (int i = 0; i < count; i++) BitConverter.TryWriteBytes(raw.AsSpan(i * 8), (long)r.Next(-3, 10));
        t.RawData = ByteString.CopyFrom(raw);
        return t;
    }

    private static object RandomAttribute(Random r, AttributeContract a) => a.Kind switch
    {
        AttributeKind.Float when a.IsScale => r.Next(10) > 0 ? OnnxModelBuilder.S(r.Next(-4, 12)) : (float)(r.NextDouble() * 100),
        AttributeKind.Float => new[] { 0f, 1f, 0.5f, -1f, float.NaN, 1e-5f, 3f }[r.Next(7)],
        AttributeKind.Int => s_ints[r.Next(s_ints.Length)],
        AttributeKind.Ints => Enumerable.Range(0, r.Next(0, 5)).Select(_ => s_small[r.Next(s_small.Length)]).ToArray(),
        AttributeKind.Floats => Enumerable.Range(0, r.Next(0, 4)).Select(_ => (long)r.Next(0, 3)).ToArray(),   // a wrong kind on purpose
        AttributeKind.String => s_strings[r.Next(s_strings.Length)],
        _ => RandomTensor(r, ""),
    };
}
