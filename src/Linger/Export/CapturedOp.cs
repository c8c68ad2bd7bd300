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

/// <summary>One module call recorded during the export forward.</summary>
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

    /// <summary>Data inputs in node order.</summary>
    public required IReadOnlyList<CapturedInput> Inputs { get; init; }

    /// <summary>Constant inputs, appended after the data inputs.</summary>
    public IReadOnlyList<CapturedInitializer> Initializers { get; init; } = Array.Empty<CapturedInitializer>();

    /// <summary>Attributes: float, long, long[], or string values.</summary>
    public Dictionary<string, object> Attributes { get; } = new();

    /// <summary>The tensor object the module returned.</summary>
    public required Tensor Output { get; init; }

    /// <summary>Its shape, read at record time (the tensor may be disposed later, e.g. by Sequential).</summary>
    public required long[] OutputShape { get; init; }

    /// <summary>ONNX element type of the output; null = same as the first input (pass-through ops).</summary>
    public int? OutputType { get; init; }

    /// <summary>Scale of an integer output; null for float outputs and pass-through ops.</summary>
    public Pow2Scale? OutputScale { get; init; }
}
