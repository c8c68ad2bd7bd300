using LingerNet.Modules;
using LingerNet.Numerics.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Tests.Recurrent;

/// <summary>What a recurrent test model is made of.</summary>
public sealed record RnnSpec(bool Lstm, int Features, int InputSize, int Hidden, bool BatchFirst, bool Bidirectional, int Layers,
                             bool Bias = true, long[]? Lengths = null, int Classes = 0, bool Softmax = false)
{
    public int Nodes => Layers * (Bidirectional ? 2 : 1);
}

/// <summary>
/// Linear front end → GRU or LSTM (fields declared with TorchSharp's GRU/LSTM base types, as users must) →
/// optional Linear head on the last step → optional softmax. Returns (y, h_n, c_n?).
/// </summary>
public sealed class RnnNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> front;
    public nn.Module<Tensor, Tensor?, (Tensor, Tensor)>? gru;
    public nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>? lstm;
    public nn.Module<Tensor, Tensor>? flatten;
    public nn.Module<Tensor, Tensor>? head;
    public nn.Module<Tensor, Tensor>? softmax;
    private readonly RnnSpec _spec;

    public RnnNet(RnnSpec s, int seqLen = 0) : base("rnn_net")
    {
        _spec = s;
        front = nn.Linear(s.Features, s.InputSize);
        if (s.Lstm) lstm = nn.LSTM(s.InputSize, s.Hidden, s.Layers, bias: s.Bias, batchFirst: s.BatchFirst, bidirectional: s.Bidirectional);
        else gru = nn.GRU(s.InputSize, s.Hidden, s.Layers, bias: s.Bias, batchFirst: s.BatchFirst, bidirectional: s.Bidirectional);
        if (s.Classes > 0)
        {
            flatten = nn.Flatten();
            head = nn.Linear(seqLen * s.Hidden * (s.Bidirectional ? 2 : 1), s.Classes);
            if (s.Softmax) softmax = nn.Softmax(1);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Run(x, null, null).Y;

    /// <summary>The whole net with an optional initial state.</summary>
    public (Tensor Y, Tensor HN, Tensor? CN) Run(Tensor x, Tensor? h0, Tensor? c0)
    {
        var f = front.call(x);
        var lengths = _spec.Lengths is null ? null : torch.tensor(_spec.Lengths);
        Tensor y, hn;
        Tensor? cn = null;
        if (gru is not null)
        {
            (y, hn) = lengths is not null && gru is GRUInt g ? g.call(f, h0, lengths) : gru.call(f, h0);
        }
        else
        {
            (Tensor, Tensor)? state = h0 is null ? null : (h0, c0!);
            (y, hn, cn) = lengths is not null && lstm is LSTMInt l ? l.call(f, state, lengths) : lstm!.call(f, state);
        }
        if (head is not null)
        {
            y = head.call(flatten!.call(y)); // batch_first models only: [B, T, H] → [B, T·H]
            if (softmax is not null) y = softmax.call(y);
        }
        return (y, hn, cn);
    }

    /// <summary>Multiplies the recurrent layer's weights (to drive gates into saturation).</summary>
    public void ScaleRecurrentWeights(double factor)
    {
        using var _ = no_grad();
        nn.Module m = gru is not null ? gru : lstm!;
        foreach (var (name, p) in m.named_parameters())
            if (name.StartsWith("weight", StringComparison.Ordinal)) p.mul_(factor);
    }

    /// <summary>Sets the GRU formula option after Init.</summary>
    public void SetGruFormula(GruFormula formula, int? fixedExponent)
    {
        var g = (GRUInt)gru!;
        g.Formula = formula;
        g.FixedOutputExponent = fixedExponent;
    }
}
