using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// A recurrent keyword-spotting net (<see cref="KwsConvRecurrent{TRecurrent}"/>) whose recurrent layer is a GRU
/// (state-dict name <c>gru</c>). Venus runs batch-first GRUs at any batch; the export sample has batch 1 anyway.
/// </summary>
public sealed class KwsConvGru : KwsConvRecurrent<nn.Module<Tensor, Tensor?, (Tensor, Tensor)>>
{
    /// <summary>Creates the network with fresh weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Conv1d channels and GRU hidden size.</param>
    public KwsConvGru(int classes, int width = 64) : base(nameof(KwsConvGru), classes, width, "gru", w => nn.GRU(w, w, batchFirst: true)) { }

    private protected override Tensor Recur(nn.Module<Tensor, Tensor?, (Tensor, Tensor)> layer, Tensor sequence)
        => layer.call(sequence, null).Item1;
}
