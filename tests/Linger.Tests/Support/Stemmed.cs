using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>
/// A stem followed by the op under test (children <c>stem</c> and <c>op</c>): ops other than conv/linear need a
/// quantized input, which the stem provides. Without an op the model is the stem alone.
/// </summary>
internal sealed class Stemmed : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> stem;
    public nn.Module<Tensor, Tensor>? op;

    public Stemmed(nn.Module<Tensor, Tensor> stem, nn.Module<Tensor, Tensor>? op = null) : base("stemmed")
    {
        this.stem = stem;
        this.op = op;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => op is null ? stem.call(x) : op.call(stem.call(x));
}
