using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>Three modules called in order, as the fields (and children) <c>a</c>, <c>b</c>, <c>c</c>: error messages name them.</summary>
internal sealed class Seq : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> a, b, c;

    public Seq(nn.Module<Tensor, Tensor> a, nn.Module<Tensor, Tensor> b, nn.Module<Tensor, Tensor> c) : base("seq")
    {
        this.a = a;
        this.b = b;
        this.c = c;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => c.call(b.call(a.call(x)));
}
