using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// The keyword-spotting models by name, for <c>linger kws --model NAME</c>. A new model is one entry here. The
/// recurrent models (<c>gru</c>, <c>lstm</c>) are named but refused until Linger can quantize, export and run
/// GRU, LSTM and Conv1d: training them in float and then failing at <c>Linger.Init</c> would waste the run.
/// </summary>
public static class KwsModelFactory
{
    /// <summary>The default model.</summary>
    public const string DefaultModel = "dscnn";

    /// <summary>Models that can be built now.</summary>
    public static IReadOnlyList<string> Available { get; } = [DefaultModel];

    /// <summary>Models that are planned but need operators Linger does not have yet.</summary>
    public static IReadOnlyList<string> Planned { get; } = ["gru", "lstm"];

    /// <summary>Creates a model with fresh weights.</summary>
    /// <param name="name">The model name (<see cref="Available"/>).</param>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Channels (DS-CNN) or hidden size.</param>
    /// <exception cref="LingerException">The name is unknown, or the model needs operators Linger cannot quantize yet.</exception>
    public static nn.Module<Tensor, Tensor> Create(string name, int classes, int width)
    {
        ArgumentNullException.ThrowIfNull(name);
        switch (name.ToLowerInvariant())
        {
            case "dscnn":
                return new KwsDsCnn(classes, width);
            case "gru":
            case "lstm":
                throw new LingerException($"--model {name}: the recurrent keyword-spotting model (Conv1d front end → {name.ToUpperInvariant()} → Linear) needs Conv1d and {name.ToUpperInvariant()} support in Linger.Init, export and the runtime, which does not exist yet. Use --model {DefaultModel}.");
            default:
                throw new LingerException($"--model {name}: unknown model; available: {string.Join(", ", Available)} (planned: {string.Join(", ", Planned)}).");
        }
    }
}
