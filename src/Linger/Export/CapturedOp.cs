using LingerNet.Numerics;
using static TorchSharp.torch;

namespace LingerNet.Export;

/// <summary>How an op consumes one of its data inputs.</summary>
internal enum InputRule
{
    /// <summary>Integer input at a given scale: a float value gets a <c>Quant</c> in front.</summary>
    Int8,
    /// <summary>Int8 or float, passed through unchanged (shape ops, Relu, MaxPool): the output has the input's type and scale.</summary>
    Any,
    /// <summary>Float only: an integer value gets a <c>Dequant</c> in front.</summary>
    Float,
}

/// <summary>A data input of a captured op: the tensor object, how it is consumed, and the scale the op uses for it.</summary>
internal sealed record CapturedInput(Tensor Tensor, InputRule Rule, Pow2Scale? Scale = null, int Bits = 8);

/// <summary>An integer (or float) constant input of a captured op, copied out of the model at record time.</summary>
internal sealed record CapturedInitializer(string Suffix, int DataType, long[] Shape, Array Data);

/// <summary>
/// An output of a captured op: the tensor object the module returned, its shape (read at record time:
/// the tensor may be disposed later, e.g. by Sequential), its ONNX element type (null: the type of the
/// first input, for pass-through ops) and the scale of an integer output.
/// </summary>
internal sealed record CapturedOutput(Tensor Tensor, long[] Shape, int? Type, Pow2Scale? Scale)
{
    /// <summary>The eval values (float32, q / 2^n for integer outputs), copied at record time when the capture keeps values (<c>Linger.DumpEval</c>).</summary>
    public float[]? Values { get; init; }

    /// <summary>An output whose type and scale are those of the op's first input.</summary>
    public static CapturedOutput PassThrough(Tensor t) => new(t, t.shape, null, null);

    /// <summary>An output of a given type and scale.</summary>
    public static CapturedOutput Of(Tensor t, int type, Pow2Scale? scale) => new(t, t.shape, type, scale);
}

/// <summary>One module call recorded during the export forward: one ONNX node (or none, for IqIdentity).</summary>
internal sealed class CapturedOp
{
    /// <summary>The module's path in the model (or its name when the module was not found under the root).</summary>
    public required string ModulePath { get; init; }

    /// <summary>The module's C# type name (for messages).</summary>
    public required string ModuleType { get; init; }

    /// <summary>ONNX op type; null for a pass-through without node (IqIdentity).</summary>
    public required string? OpType { get; init; }

    /// <summary>ONNX domain: <c>"thinker"</c> or <c>""</c>.</summary>
    public string Domain { get; init; } = "";

    /// <summary>Data inputs in node order; null marks an omitted optional input (written as an empty name).</summary>
    public required IReadOnlyList<CapturedInput?> Inputs { get; init; }

    /// <summary>Constant inputs, appended after the data inputs (before them with <see cref="ConstantsFirst"/>).</summary>
    public IReadOnlyList<CapturedInitializer> Initializers { get; init; } = Array.Empty<CapturedInitializer>();

    /// <summary>The constant inputs come before the data inputs (thinker's Gather(weight, indices)).</summary>
    public bool ConstantsFirst { get; init; }

    /// <summary>Attributes: float, long, long[], or string values.</summary>
    public Dictionary<string, object> Attributes { get; } = new();

    /// <summary>The outputs in node order.</summary>
    public required IReadOnlyList<CapturedOutput> Outputs { get; init; }

    /// <summary>A copy with other outputs.</summary>
    public CapturedOp WithOutputs(IReadOnlyList<CapturedOutput> outputs) => Copy(ModulePath, outputs);

    /// <summary>A copy under another module path (an extra node an op writes in front of itself).</summary>
    public CapturedOp WithPath(string path) => Copy(path, Outputs);

    private CapturedOp Copy(string path, IReadOnlyList<CapturedOutput> outputs)
    {
        var op = new CapturedOp
        {
            ModulePath = path, ModuleType = ModuleType, OpType = OpType, Domain = Domain,
            Inputs = Inputs, Initializers = Initializers, Outputs = outputs,
        };
        foreach (var (k, v) in Attributes) op.Attributes[k] = v;
        return op;
    }
}
