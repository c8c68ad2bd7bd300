using Google.Protobuf;
using LingerNet.Numerics.Dialect;
using Onnx;

namespace LingerNet.Runtime.Tests.Fuzzing;

/// <summary>
/// Seeded mutations of a serialized model: byte-level damage (flips, truncation, splices) and
/// protobuf-level edits (dims, dtypes, attribute types and values, huge and negative shapes,
/// dangling names, cycles, swapped ops from the op table, deleted and duplicated nodes).
/// </summary>
internal static class ModelMutator
{
    private static readonly string[] s_ops = OpCatalog.All.Select(c => c.OpType).Append("Gelu").Append("").ToArray();
    private static readonly string[] s_domains = [ThinkerDialect.Domain, ThinkerDialect.StandardDomain, ThinkerDialect.StandardDomainAlias, "evil.domain"];

    private static readonly long[] s_hostileDims =
        [0, 1, -1, -2, 2, 3, 7, 255, 65_536, 1 << 20, 1 << 29, int.MaxValue, (long)int.MaxValue + 1, long.MaxValue, long.MinValue, 536_870_912];

    private static readonly float[] s_hostileFloats =
        [0f, -1f, 1f, 3f, 0.5f, 1e-45f, 1e30f, -1e30f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1 << 24, 4096f, 1f / 4096];

    private static readonly long[] s_hostileInts =
        [0, 1, -1, 2, 3, 4, 7, 8, 16, 17, 32, 64, 1000, 65_536, int.MaxValue, int.MinValue, long.MaxValue, long.MinValue, 1 << 20];

    /// <summary>One mutated model and how it was made (for the failure report).</summary>
    public static (byte[] Bytes, string How) Mutate(byte[] original, Random r)
    {
        int kind = r.Next(10);
        if (kind < 3) return ByteLevel(original, r);
        var model = ModelProto.Parser.ParseFrom(original);
        var how = new List<string>();
        int edits = 1 + r.Next(3);
        for (int i = 0; i < edits; i++) how.Add(Edit(model, r));
        byte[] bytes = model.ToByteArray();
        if (r.Next(8) == 0)
        {
            var (b, h) = ByteLevel(bytes, r);
            how.Add(h);
            bytes = b;
        }
        return (bytes, string.Join("; ", how));
    }

    private static (byte[], string) ByteLevel(byte[] original, Random r)
    {
        byte[] b = (byte[])original.Clone();
        switch (r.Next(5))
        {
            case 0:
            {
                int flips = 1 + r.Next(8);
                for (int i = 0; i < flips; i++) b[r.Next(b.Length)] ^= (byte)(1 << r.Next(8));
                return (b, $"flipped {flips} bits");
            }
            case 1:
            {
                int len = r.Next(b.Length);
                return (b[..len], $"truncated to {len} bytes");
            }
            case 2:
            {
                int at = r.Next(b.Length), len = 1 + r.Next(Math.Min(16, b.Length - at));
                for (int i = 0; i < len; i++) b[at + i] = (byte)r.Next(256);
                return (b, $"{len} random bytes at {at}");
            }
            case 3:
            {
                // A varint length prefix turned huge: 0xFF bytes make a length of many GB.
                int at = r.Next(b.Length), len = 1 + r.Next(Math.Min(9, b.Length - at));
                for (int i = 0; i < len; i++) b[at + i] = 0xFF;
                return (b, $"{len} 0xFF bytes at {at}");
            }
            default:
            {
                int from = r.Next(b.Length), to = r.Next(b.Length), len = 1 + r.Next(Math.Min(64, b.Length - from));
                var spliced = b[..to].Concat(b.Skip(from).Take(len)).Concat(b[to..]).ToArray();
                return (spliced, $"copied {len} bytes from {from} to {to}");
            }
        }
    }

    private static T Pick<T>(Random r, IReadOnlyList<T> items) => items[r.Next(items.Count)];

    private static IEnumerable<TensorProto> AllTensors(GraphProto g) =>
        g.Initializer.Concat(g.Node.SelectMany(n => n.Attribute).Where(a => a.T is not null).Select(a => a.T));

    private static string Edit(ModelProto m, Random r)
    {
        var g = m.Graph;
        var nodes = g.Node;
        var tensors = AllTensors(g).ToList();
        var valueInfos = g.Input.Concat(g.Output).Concat(g.ValueInfo).Where(v => v.Type?.TensorType is not null).ToList();
        var attrs = nodes.SelectMany(n => n.Attribute).ToList();
        switch (r.Next(22))
        {
            case 0 when tensors.Count > 0:
            {
                var t = Pick(r, tensors);
                if (t.Dims.Count == 0) { t.Dims.Add(Pick(r, s_hostileDims)); return $"tensor '{t.Name}': added a dim"; }
                int i = r.Next(t.Dims.Count);
                t.Dims[i] = Pick(r, s_hostileDims);
                return $"tensor '{t.Name}': dim {i} = {t.Dims[i]}";
            }
            case 1 when tensors.Count > 0:
            {
                var t = Pick(r, tensors);
                // The 2 GB tensor in a small file: a shape of ~2^29 elements with the data left as it is.
                t.Dims.Clear();
                t.Dims.Add(1 << 29);
                return $"tensor '{t.Name}': declared [2^29]";
            }
            case 2 when tensors.Count > 0:
            {
                var t = Pick(r, tensors);
                t.DataType = r.Next(-2, 25);
                return $"tensor '{t.Name}': data_type = {t.DataType}";
            }
            case 3 when tensors.Count > 0:
            {
                var t = Pick(r, tensors);
                if (t.RawData.Length > 0)
                {
                    int len = r.Next(t.RawData.Length * 2 + 2);
                    var raw = new byte[len];
                    t.RawData.Span[..Math.Min(len, t.RawData.Length)].CopyTo(raw);
                    t.RawData = ByteString.CopyFrom(raw);
                    return $"tensor '{t.Name}': raw_data resized to {len}";
                }
                t.Int32Data.Clear(); t.Int64Data.Clear(); t.FloatData.Clear();
                return $"tensor '{t.Name}': typed data cleared";
            }
            case 4 when tensors.Count > 0:
            {
                var t = Pick(r, tensors);
                t.DataLocation = TensorProto.Types.DataLocation.External;
                return $"tensor '{t.Name}': external data";
            }
            case 5 when valueInfos.Count > 0:
            {
                var v = Pick(r, valueInfos);
                var shape = v.Type.TensorType.Shape ??= new TensorShapeProto();
                if (shape.Dim.Count == 0 || r.Next(4) == 0) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = Pick(r, s_hostileDims) });
                else shape.Dim[r.Next(shape.Dim.Count)] = r.Next(3) == 0
                    ? new TensorShapeProto.Types.Dimension { DimParam = "N" }
                    : new TensorShapeProto.Types.Dimension { DimValue = Pick(r, s_hostileDims) };
                return $"value '{v.Name}': shape edited";
            }
            case 6 when valueInfos.Count > 0:
            {
                var v = Pick(r, valueInfos);
                v.Type.TensorType.ElemType = r.Next(-1, 25);
                return $"value '{v.Name}': elem_type = {v.Type.TensorType.ElemType}";
            }
            case 7 when g.Input.Count > 0:
            {
                // Huge declared input: the loader infers every shape from it without running anything.
                var v = g.Input[0];
                var shape = v.Type?.TensorType?.Shape;
                if (shape is null) return "no input shape";
                foreach (var d in shape.Dim.Skip(1)) d.DimValue = Pick(r, [100_000L, 1 << 16, 46_341, int.MaxValue]);
                return $"input '{v.Name}': huge shape";
            }
            case 8 when attrs.Count > 0:
            {
                var a = Pick(r, attrs);
                a.Type = (AttributeProto.Types.AttributeType)r.Next(0, 15);
                return $"attribute '{a.Name}': type = {a.Type}";
            }
            case 9 when attrs.Count > 0:
            {
                var a = Pick(r, attrs);
                a.F = Pick(r, s_hostileFloats);
                return $"attribute '{a.Name}': f = {a.F}";
            }
            case 10 when attrs.Count > 0:
            {
                var a = Pick(r, attrs);
                a.I = Pick(r, s_hostileInts);
                return $"attribute '{a.Name}': i = {a.I}";
            }
            case 11 when attrs.Count > 0:
            {
                var a = Pick(r, attrs);
                if (a.Ints.Count > 0 && r.Next(3) > 0) a.Ints[r.Next(a.Ints.Count)] = Pick(r, s_hostileInts);
                else if (a.Ints.Count > 0 && r.Next(2) == 0) a.Ints.RemoveAt(r.Next(a.Ints.Count));
                else a.Ints.Add(Pick(r, s_hostileInts));
                return $"attribute '{a.Name}': ints = [{string.Join(",", a.Ints)}]";
            }
            case 12 when nodes.Count > 0:
            {
                var n = Pick(r, nodes);
                if (n.Attribute.Count > 0 && r.Next(2) == 0) { var a = Pick(r, n.Attribute); n.Attribute.Remove(a); return $"node '{n.Name}': removed attribute '{a.Name}'"; }
                if (n.Attribute.Count > 0) { n.Attribute.Add(Pick(r, n.Attribute).Clone()); return $"node '{n.Name}': duplicated an attribute"; }
                return "no attribute";
            }
            case 13 when nodes.Count > 0:
            {
                var n = Pick(r, nodes);
                if (n.Input.Count == 0) { n.Input.Add("ghost"); return $"node '{n.Name}': dangling input added"; }
                n.Input[r.Next(n.Input.Count)] = Pick(r, ["ghost", "", n.Input[0]]);
                return $"node '{n.Name}': input renamed";
            }
            case 14 when nodes.Count > 1:
            {
                // A cycle: an early node reads a later node's output (exported order is topological).
                int i = r.Next(nodes.Count - 1), j = r.Next(i + 1, nodes.Count);
                if (nodes[i].Input.Count == 0 || nodes[j].Output.Count == 0) return "no cycle possible";
                nodes[i].Input[r.Next(nodes[i].Input.Count)] = nodes[j].Output[0];
                return $"cycle: node {i} reads node {j}'s output";
            }
            case 15 when nodes.Count > 0:
            {
                var n = Pick(r, nodes);
                if (n.Output.Count == 0 || n.Input.Count == 0) return "no self loop possible";
                n.Input[0] = n.Output[0];
                return $"node '{n.Name}': reads its own output";
            }
            case 16 when nodes.Count > 1:
            {
                var a = Pick(r, nodes);
                var b = Pick(r, nodes);
                if (a.Output.Count > 0 && b.Output.Count > 0) a.Output[0] = b.Output[0];
                return "two nodes write one output";
            }
            case 17 when nodes.Count > 0:
            {
                var n = Pick(r, nodes);
                n.OpType = Pick(r, s_ops);
                if (r.Next(3) == 0) n.Domain = Pick(r, s_domains);
                return $"node '{n.Name}': op = {n.Domain}::{n.OpType}";
            }
            case 18 when nodes.Count > 0:
            {
                int i = r.Next(nodes.Count);
                if (r.Next(2) == 0) { nodes.RemoveAt(i); return $"node {i} removed"; }
                nodes.Insert(i, nodes[i].Clone());
                return $"node {i} duplicated";
            }
            case 19 when nodes.Count > 1:
            {
                int i = r.Next(nodes.Count), j = r.Next(nodes.Count);
                (nodes[i], nodes[j]) = (nodes[j], nodes[i]);
                return $"nodes {i} and {j} swapped";
            }
            case 20:
            {
                if (g.Output.Count > 0 && r.Next(2) == 0) { g.Output[0].Name = "ghost"; return "graph output renamed"; }
                if (g.Input.Count > 0) { g.Input.Add(g.Input[0].Clone()); return "graph input duplicated"; }
                return "no graph edit";
            }
            default:
            {
                if (g.Initializer.Count > 0 && r.Next(2) == 0) { g.Initializer.Add(g.Initializer[r.Next(g.Initializer.Count)].Clone()); return "initializer duplicated"; }
                if (g.Initializer.Count > 0) { g.Initializer.RemoveAt(r.Next(g.Initializer.Count)); return "initializer removed"; }
                return "no initializer edit";
            }
        }
    }
}
