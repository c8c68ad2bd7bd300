namespace LingerNet.Samples;

/// <summary>How the exported model ran in the integer runtime compared with the model's eval() output.</summary>
/// <param name="OnnxPath">The exported file.</param>
/// <param name="RuntimeAccuracy">Test accuracy of the runtime's outputs.</param>
/// <param name="EvalAccuracy">Test accuracy of eval()'s integer outputs, with the same argmax.</param>
/// <param name="BitExactElements">Output elements where runtime and eval() hold the same integer.</param>
/// <param name="TotalElements">Output elements compared.</param>
public sealed record RuntimeCheck(string OnnxPath, double RuntimeAccuracy, double EvalAccuracy, long BitExactElements, long TotalElements)
{
    /// <summary>The runtime's predicted class (argmax of its integers) for every test sample, in order; null when not recorded.</summary>
    public IReadOnlyList<int>? Predictions { get; init; }
}
