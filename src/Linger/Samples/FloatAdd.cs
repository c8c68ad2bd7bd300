using static TorchSharp.torch;

namespace LingerNet.Samples;

/// <summary>
/// Elementwise <c>a + b</c> as a module. Stand-in for <c>LingerNet.Linger.Nn.Add()</c> until the QAT
/// library is merged into this branch (see <see cref="QatHooks"/>).
/// </summary>
internal sealed class FloatAdd : nn.Module<Tensor, Tensor, Tensor>
{
    public FloatAdd() : base(nameof(FloatAdd)) { }

    public override Tensor forward(Tensor a, Tensor b) => a.add(b);
}
