using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// A recurrent keyword-spotting net (<see cref="KwsConvRecurrent{TRecurrent}"/>) whose recurrent layer is an LSTM
/// (state-dict name <c>lstm</c>). The venus LSTM needs batch 1: the export sample has batch 1, and the runtime runs
/// the test set one clip at a time.
/// </summary>
public sealed class KwsConvLstm : KwsConvRecurrent<nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>>
{
    /// <summary>Creates the network with fresh weights (seed with <c>torch.random.manual_seed</c> first).</summary>
    /// <param name="classes">Output logits.</param>
    /// <param name="width">Conv1d channels and LSTM hidden size.</param>
    public KwsConvLstm(int classes, int width = 64) : base(nameof(KwsConvLstm), classes, width, "lstm", w => nn.LSTM(w, w, batchFirst: true)) { }

    private protected override Tensor Recur(nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)> layer, Tensor sequence)
        => layer.call(sequence, null).Item1;
}
