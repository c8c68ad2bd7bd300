using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Tests.Export;

/// <summary>Conv → BN → ReLU → MaxPool → Flatten → Linear, input [N, 3, 8, 8].</summary>
public sealed class SeqNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv = nn.Conv2d(3, 8, 3, padding: 1);
    public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(8);
    public nn.Module<Tensor, Tensor> relu = nn.ReLU();
    public nn.Module<Tensor, Tensor> pool = nn.MaxPool2d(2);
    public nn.Module<Tensor, Tensor> flatten = nn.Flatten();
    public nn.Module<Tensor, Tensor> fc = nn.Linear(8 * 4 * 4, 10);

    public SeqNet() : base("seqnet") => RegisterComponents();

    public override Tensor forward(Tensor x) => fc.call(flatten.call(pool.call(relu.call(bn.call(conv.call(x))))));
}

/// <summary>Residual add, a two-branch concat and an average pool, input [N, 3, 8, 8]; no ReLU.</summary>
public sealed class BranchNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> stem = nn.Conv2d(3, 8, 3, padding: 1);
    public nn.Module<Tensor, Tensor> body = nn.Conv2d(8, 8, 3, padding: 1);
    public LingerNet.Nn.Add add = Linger.Nn.Add();
    public nn.Module<Tensor, Tensor> left = nn.Conv2d(8, 4, 1);
    public nn.Module<Tensor, Tensor> right = nn.Conv2d(8, 4, 3, padding: 1, bias: false);
    public LingerNet.Nn.Cat cat = Linger.Nn.Cat(1);
    public nn.Module<Tensor, Tensor> pool = nn.AvgPool2d(2);
    public nn.Module<Tensor, Tensor> flatten = nn.Flatten();
    public nn.Module<Tensor, Tensor> fc = nn.Linear(8 * 4 * 4, 5);

    public BranchNet() : base("branchnet") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var h = stem.call(x);
        var r = add.call(h, body.call(h));
        var c = cat.call(left.call(r), right.call(r));
        return fc.call(flatten.call(pool.call(c)));
    }
}

/// <summary>Two quantized layers joined by x.view(...), which Linger cannot see.</summary>
public sealed class ViewNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv = nn.Conv2d(3, 4, 3, padding: 1);
    public nn.Module<Tensor, Tensor> fc = nn.Linear(4 * 8 * 8, 3);

    public ViewNet() : base("viewnet") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var h = conv.call(x);
        return fc.call(h.view(h.shape[0], -1));
    }
}

/// <summary>One input read by two branches that share a conv (called twice), float-output head.</summary>
public sealed class SharedInputNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv = nn.Conv2d(3, 4, 3, padding: 1);
    public LingerNet.Nn.Add add = Linger.Nn.Add();
    public nn.Module<Tensor, Tensor> drop = nn.Dropout(0.1);
    public nn.Module<Tensor, Tensor> flatten = nn.Flatten();
    public nn.Module<Tensor, Tensor> fc = nn.Linear(4 * 8 * 8, 3);

    public SharedInputNet() : base("shared") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var a = conv.call(x);
        var b = conv.call(x);
        return fc.call(flatten.call(drop.call(add.call(a, b))));
    }
}
