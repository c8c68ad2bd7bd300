using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LingerNet.Modules;

/// <summary>Flatten on quantized data (exported as the standard <c>Flatten</c>/<c>Reshape</c>): same scale.</summary>
public sealed class IqFlatten : ScalePreserving
{
    /// <summary>Creates the module flattening dims start..end.</summary>
    public IqFlatten(string name, long startDim = 1, long endDim = -1) : base(name)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    /// <summary>Creates the quantized counterpart of a float Flatten.</summary>
    public static IqFlatten FromFloat(Flatten f) => new(f.GetName(), f.start_dim, f.end_dim);

    /// <summary>First flattened dim.</summary>
    public long StartDim { get; }

    /// <summary>Last flattened dim.</summary>
    public long EndDim { get; }

    /// <inheritdoc />
    protected override Tensor Op(Tensor x) => x.flatten(StartDim, EndDim);
}
