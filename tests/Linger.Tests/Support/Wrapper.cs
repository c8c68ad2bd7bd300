using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Tests.Support;

/// <summary>A user model holding one layer in a field declared the way Linger asks (Module&lt;Tensor, Tensor&gt;).</summary>
public sealed class Wrapper : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> layer;

    public Wrapper(nn.Module<Tensor, Tensor> inner) : base("wrapper")
    {
        layer = inner;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => layer.call(x);
}
