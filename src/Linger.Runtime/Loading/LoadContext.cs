namespace LingerNet.Runtime.Loading;

/// <summary>Constant tensors known at load time (initializers and Constant-node outputs, in topological order).</summary>
internal sealed class LoadContext
{
    public Dictionary<string, RuntimeTensor> Constants { get; } = new(StringComparer.Ordinal);

    public RuntimeTensor RequireConstant(string name, string where, string role)
    {
        if (Constants.TryGetValue(name, out var t)) return t;
        throw new LingerException($"{where}: {role} '{name}' must be an initializer (or Constant), but it is not.");
    }
}
