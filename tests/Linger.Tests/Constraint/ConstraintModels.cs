using TorchSharp;
using static TorchSharp.torch;

namespace LingerNet.Tests.Constraint;

/// <summary>Conv → BN → ReLU → flatten in user code → Linear → ReLU → Linear.</summary>
public sealed class ConvBnReluNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv = nn.Conv2d(2, 4, 3, padding: 1);
    public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(4);
    public nn.Module<Tensor, Tensor> relu = nn.ReLU();
    public nn.Module<Tensor, Tensor> fc1 = nn.Linear(4 * 6 * 6, 8);
    public nn.Module<Tensor, Tensor> relu2 = nn.ReLU();
    public nn.Module<Tensor, Tensor> fc2 = nn.Linear(8, 3);

    public ConvBnReluNet(bool convBias = true) : base("convbnrelu")
    {
        if (!convBias) conv = nn.Conv2d(2, 4, 3, padding: 1, bias: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        var y = relu.call(bn.call(conv.call(x)));
        return fc2.call(relu2.call(fc1.call(y.flatten(1))));
    }
}

/// <summary>Conv → ReLU, BN → ReLU, and a conv whose output goes to a ReLU and to another conv; layers called through forward().</summary>
public sealed class BranchNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> bn0 = nn.BatchNorm2d(2);
    public nn.Module<Tensor, Tensor> relu0 = nn.ReLU();
    public nn.Module<Tensor, Tensor> convA = nn.Conv2d(2, 4, 3, padding: 1);
    public nn.Module<Tensor, Tensor> reluA = nn.ReLU();
    public nn.Module<Tensor, Tensor> convB = nn.Conv2d(4, 4, 1);
    public nn.Module<Tensor, Tensor> reluB = nn.ReLU();
    public nn.Module<Tensor, Tensor> convC = nn.Conv2d(4, 4, 1);

    public BranchNet() : base("branch") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var a = relu0.forward(bn0.forward(x));        // BN → ReLU (forward(), not call())
        var b = reluA.forward(convA.forward(a));      // Conv → ReLU
        var c = convB.call(b);                        // convB feeds reluB and convC: two consumers
        return cat(new[] { reluB.call(c), convC.call(c) }, 1);
    }
}

/// <summary>Sequential(Conv, BN, ReLU, Conv, BN) inside a module: fusion inside a Sequential, last BN is the model output.</summary>
public sealed class SeqNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> body = nn.Sequential(
        nn.Conv2d(2, 4, 3, padding: 1), nn.BatchNorm2d(4), nn.ReLU(),
        nn.Conv2d(4, 3, 1), nn.BatchNorm2d(3));

    public SeqNet() : base("seq") => RegisterComponents();

    public override Tensor forward(Tensor x) => body.call(x);
}

/// <summary>The conv output is read by the BN and by user code (a residual add the recorder cannot see).</summary>
public sealed class HiddenConsumerNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv = nn.Conv2d(2, 2, 3, padding: 1);
    public nn.Module<Tensor, Tensor> bn = nn.BatchNorm2d(2);

    public HiddenConsumerNet() : base("hidden") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var y = conv.call(x);
        return bn.call(y) + y;
    }
}

/// <summary>Residual block with Linger's Add module and a ModuleList: conv1 feeds a ReLU and the Add.</summary>
public sealed class ResidualNet : nn.Module<Tensor, Tensor>
{
    public nn.Module<Tensor, Tensor> conv1 = nn.Conv2d(2, 2, 3, padding: 1);
    public nn.Module<Tensor, Tensor> relu1 = nn.ReLU();
    public TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> blocks = nn.ModuleList<nn.Module<Tensor, Tensor>>(
        nn.Conv2d(2, 2, 3, padding: 1), nn.BatchNorm2d(2));
    public LingerNet.Nn.Add add = new();
    public nn.Module<Tensor, Tensor> relu2 = nn.ReLU();

    public ResidualNet() : base("residual") => RegisterComponents();

    public override Tensor forward(Tensor x)
    {
        var a = conv1.call(x);
        var b = blocks[1].call(blocks[0].call(relu1.call(a)));
        return relu2.call(add.call(a, b));
    }
}
