using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// The keyword-spotting models by name, for <c>linger kws --model NAME</c>. A new model is one entry here:
/// <c>dscnn</c> (<see cref="KwsDsCnn"/>), <c>gru</c> (<see cref="KwsConvGru"/>) and <c>lstm</c>
/// (<see cref="KwsConvLstm"/>).
/// </summary>
public static class KwsModelFactory
{
    /// <summary>The default model.</summary>
    public const string DefaultModel = "dscnn";

    /// <summary>Models that can be built now.</summary>
    public static IReadOnlyList<string> Available { get; } = [DefaultModel, "gru", "lstm"];

    /// <summary>Creates a model with fresh weights.</summary>
    /// <param name="name">The model name (<see cref="Available"/>).</param>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Channels (DS-CNN) or hidden size.</param>
    /// <exception cref="LingerException">The name is unknown.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name, int classes, int width)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.ToLowerInvariant())
        {
            case "dscnn":
                return new KwsDsCnn(classes, width);
            case "gru":
                return new KwsConvGru(classes, width);
            case "lstm":
                return new KwsConvLstm(classes, width);
            default:
                throw new LingerException($"--model {name}: unknown model; available: {string.Join(", ", Available)}.");
        }
    }

    /// <summary>
    /// The float epochs <c>linger kws</c> uses for <paramref name="name"/> when <c>--epochs</c> is not given: the
    /// recurrent models learn more slowly than the DS-CNN but a step costs less (measured on the bundled features:
    /// docs/quantization.md "Keyword spotting with a GRU").
    /// </summary>
    /// <param name="name">The model name.</param>
    public static int DefaultEpochs(string name) => IsRecurrent(name) ? 30 : KwsOptions.DefaultEpochs;

    /// <summary>The width <c>linger kws</c> uses for <paramref name="name"/> when <c>--width</c> is not given.</summary>
    /// <param name="name">The model name.</param>
    public static int DefaultWidth(string name) => IsRecurrent(name) ? 96 : new KwsOptions().Width;

    private static bool IsRecurrent(string name) => name.ToLowerInvariant() is "gru" or "lstm";
}
